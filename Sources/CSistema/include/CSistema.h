// Linux calls that glibc only declares under _GNU_SOURCE, which Swift's Glibc module lacks.
#ifndef CSISTEMA_H
#define CSISTEMA_H

#include <stddef.h>

/// renameat2(2); flags e.g. csistema_RENAME_NOREPLACE. Returns -1 and sets errno on failure.
int csistema_renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned int flags);
/// syncfs(2): flush the whole file system that holds fd. Returns -1 and sets errno on failure.
int csistema_syncfs(int fd);
/// errno of the calling thread (Swift's Glibc errno is fine too; this keeps C and Swift in step).
int csistema_errno(void);

/// Whether `nombre` (relative to `dirfd`, not followed) is the root of a mount (statx's
/// STATX_ATTR_MOUNT_ROOT; a bind mount of the same file system included): 1 yes, 0 no or the
/// kernel cannot tell (before Linux 5.8), -1 with errno set on failure.
int csistema_raiz_de_montaje(int dirfd, const char *nombre);

/// malloc_trim(3): give freed heap memory back to the kernel (after a big transient load).
int csistema_malloc_trim(void);
/// gettid(2): the calling thread's id (setpriority on one thread).
int csistema_gettid(void);

extern const unsigned int csistema_RENAME_NOREPLACE;
extern const unsigned int csistema_RENAME_EXCHANGE;
extern const int csistema_O_TMPFILE;
extern const int csistema_AT_EMPTY_PATH;

/// pipe2(2) with O_NONBLOCK|O_CLOEXEC on both ends. Returns -1 and sets errno on failure.
int csistema_pipe_noblock(int fds[2]);
/// A pipe for capturing a child's output: both ends O_CLOEXEC, the read end (fds[0]) O_NONBLOCK,
/// the write end blocking (a child writing to it must never see EAGAIN).
int csistema_tubo_captura(int fds[2]);
/// Sends one datagram of `n` bytes to the Unix socket at `ruta` ('@' first: an abstract socket),
/// from a fresh unbound socket (sd_notify's protocol). Returns 0, or -1 with errno set.
int csistema_enviar_datagrama_unix(const char *ruta, const void *datos, size_t n);
/// Installs SIGTERM, SIGINT, SIGUSR1, SIGHUP and SIGUSR2 handlers that write the signal number (one byte) to `fd` and
/// ignores SIGPIPE. The handler is async-signal-safe (one write(2)); errno is preserved.
int csistema_senales_a_tubo(int fd);
/// Restores the default action of the signals above (e.g. in a test or before exec).
void csistema_senales_por_defecto(void);

/// posix_spawn of `ruta` with `argv` in a new process group of its own (so that it and every
/// child it starts can be signalled together), default signal actions and an empty signal mask;
/// `fd_salida` and `fd_error` (each >= 0) become its standard output and standard error.
/// Returns 0 and sets *pid, or an errno value.
int csistema_lanzar_grupo(const char *ruta, char *const argv[], int fd_salida, int fd_error, int *pid);

#endif

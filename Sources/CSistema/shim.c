#define _GNU_SOURCE
#include <stdio.h>
#include <fcntl.h>
#include <unistd.h>
#include <errno.h>
#include <signal.h>
#include <pthread.h>
#include <string.h>
#include <malloc.h>
#include <sys/stat.h>
#include "CSistema.h"

int csistema_renameat2(int od, const char *o, int nd, const char *n, unsigned int f) {
    return renameat2(od, o, nd, n, f);
}
int csistema_syncfs(int fd) { return syncfs(fd); }
int csistema_errno(void) { return errno; }
int csistema_malloc_trim(void) { return malloc_trim(0); }
int csistema_gettid(void) { return (int)gettid(); }

int csistema_raiz_de_montaje(int dirfd, const char *nombre) {
    struct statx sx;
    if (statx(dirfd, nombre, AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT, STATX_BASIC_STATS, &sx) != 0) return -1;
    if (!(sx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT)) return 0;
    return (sx.stx_attributes & STATX_ATTR_MOUNT_ROOT) ? 1 : 0;
}

const unsigned int csistema_RENAME_NOREPLACE = RENAME_NOREPLACE;
const unsigned int csistema_RENAME_EXCHANGE = RENAME_EXCHANGE;
const int csistema_O_TMPFILE = O_TMPFILE;
const int csistema_AT_EMPTY_PATH = AT_EMPTY_PATH;

int csistema_pipe_noblock(int fds[2]) { return pipe2(fds, O_NONBLOCK | O_CLOEXEC); }

static volatile int csistema_fd_senales = -1;

static void csistema_manejador(int signo) {
    int guardado = errno;
    unsigned char b = (unsigned char)signo;
    if (csistema_fd_senales >= 0) { ssize_t r = write(csistema_fd_senales, &b, 1); (void)r; }
    errno = guardado;
}

int csistema_senales_a_tubo(int fd) {
    csistema_fd_senales = fd;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = csistema_manejador;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    if (sigaction(SIGTERM, &sa, NULL) != 0) return -1;
    if (sigaction(SIGINT, &sa, NULL) != 0) return -1;
    /* SIGUSR1, SIGHUP and SIGUSR2 are reported like the others: what each asks is the caller's
       to say, and none of them kills the process silently. */
    if (sigaction(SIGUSR1, &sa, NULL) != 0) return -1;
    if (sigaction(SIGHUP, &sa, NULL) != 0) return -1;
    if (sigaction(SIGUSR2, &sa, NULL) != 0) return -1;
    signal(SIGPIPE, SIG_IGN);
    /* A parent may have started us with these blocked (the mask is inherited): unblock them. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGUSR2);
    return pthread_sigmask(SIG_UNBLOCK, &set, NULL) == 0 ? 0 : -1;
}

void csistema_senales_por_defecto(void) {
    signal(SIGTERM, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    signal(SIGUSR1, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    signal(SIGUSR2, SIG_DFL);
}

int csistema_tubo_captura(int fds[2]) {
    if (pipe2(fds, O_CLOEXEC) != 0) return -1;
    int f = fcntl(fds[0], F_GETFL);
    if (f < 0 || fcntl(fds[0], F_SETFL, f | O_NONBLOCK) != 0) { close(fds[0]); close(fds[1]); return -1; }
    return 0;
}

#include <sys/socket.h>
#include <sys/un.h>
#include <stddef.h>

int csistema_enviar_datagrama_unix(const char *ruta, const void *datos, size_t n) {
    struct sockaddr_un a;
    memset(&a, 0, sizeof a);
    a.sun_family = AF_UNIX;
    size_t largo = strlen(ruta);
    if (largo == 0 || largo >= sizeof a.sun_path) { errno = EINVAL; return -1; }
    memcpy(a.sun_path, ruta, largo);
    /* '@' names an abstract socket: its first byte is NUL and its length is exact. */
    if (ruta[0] == '@') a.sun_path[0] = 0;
    socklen_t l = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + largo + (ruta[0] == '@' ? 0 : 1));
    int s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0) return -1;
    ssize_t r = sendto(s, datos, n, MSG_NOSIGNAL, (struct sockaddr *)&a, l);
    int guardado = errno;
    close(s);
    errno = guardado;
    return r == (ssize_t)n ? 0 : -1;
}

#include <spawn.h>
extern char **environ;

int csistema_lanzar_grupo(const char *ruta, char *const argv[], int fd_salida, int fd_error, int *pid) {
    posix_spawnattr_t a;
    int r = posix_spawnattr_init(&a);
    if (r != 0) return r;
    posix_spawn_file_actions_t acciones;
    r = posix_spawn_file_actions_init(&acciones);
    if (r != 0) { posix_spawnattr_destroy(&a); return r; }
    if (fd_salida >= 0 && fd_salida != 1) posix_spawn_file_actions_adddup2(&acciones, fd_salida, 1);
    if (fd_error >= 0 && fd_error != 2) posix_spawn_file_actions_adddup2(&acciones, fd_error, 2);
    sigset_t vacio, defecto;
    sigemptyset(&vacio);
    sigemptyset(&defecto);
    sigaddset(&defecto, SIGPIPE);
    sigaddset(&defecto, SIGTERM);
    sigaddset(&defecto, SIGINT);
    sigaddset(&defecto, SIGHUP);
    sigaddset(&defecto, SIGUSR1);
    posix_spawnattr_setsigmask(&a, &vacio);
    posix_spawnattr_setsigdefault(&a, &defecto);
    posix_spawnattr_setpgroup(&a, 0);
    posix_spawnattr_setflags(&a, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    pid_t p = 0;
    r = posix_spawn(&p, ruta, &acciones, &a, argv, environ);
    posix_spawn_file_actions_destroy(&acciones);
    posix_spawnattr_destroy(&a);
    if (r == 0) *pid = p;
    return r;
}

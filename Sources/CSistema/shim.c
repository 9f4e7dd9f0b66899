#define _GNU_SOURCE
#include <stdio.h>
#include <fcntl.h>
#include <unistd.h>
#include <errno.h>
#include <signal.h>
#include <pthread.h>
#include <string.h>
#include <malloc.h>
#include "CSistema.h"

int csistema_renameat2(int od, const char *o, int nd, const char *n, unsigned int f) {
    return renameat2(od, o, nd, n, f);
}
int csistema_syncfs(int fd) { return syncfs(fd); }
int csistema_errno(void) { return errno; }
int csistema_malloc_trim(void) { return malloc_trim(0); }

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
    /* SIGUSR1 is `prep publish` asking the running daemon for a corte now. */
    if (sigaction(SIGUSR1, &sa, NULL) != 0) return -1;
    signal(SIGPIPE, SIG_IGN);
    /* A parent may have started us with these blocked (the mask is inherited): unblock them. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGUSR1);
    return pthread_sigmask(SIG_UNBLOCK, &set, NULL) == 0 ? 0 : -1;
}

void csistema_senales_por_defecto(void) {
    signal(SIGTERM, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    signal(SIGUSR1, SIG_DFL);
}

#include <spawn.h>
extern char **environ;

int csistema_lanzar_grupo(const char *ruta, char *const argv[], int *pid) {
    posix_spawnattr_t a;
    int r = posix_spawnattr_init(&a);
    if (r != 0) return r;
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
    r = posix_spawn(&p, ruta, NULL, &a, argv, environ);
    posix_spawnattr_destroy(&a);
    if (r == 0) *pid = p;
    return r;
}

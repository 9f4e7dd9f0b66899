#define _GNU_SOURCE
#include <stdio.h>
#include <fcntl.h>
#include <unistd.h>
#include <errno.h>
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

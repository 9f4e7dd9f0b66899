// Linux calls that glibc only declares under _GNU_SOURCE, which Swift's Glibc module lacks.
#ifndef CSISTEMA_H
#define CSISTEMA_H

/// renameat2(2); flags e.g. csistema_RENAME_NOREPLACE. Returns -1 and sets errno on failure.
int csistema_renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned int flags);
/// syncfs(2): flush the whole file system that holds fd. Returns -1 and sets errno on failure.
int csistema_syncfs(int fd);
/// errno of the calling thread (Swift's Glibc errno is fine too; this keeps C and Swift in step).
int csistema_errno(void);

/// malloc_trim(3): give freed heap memory back to the kernel (after a big transient load).
int csistema_malloc_trim(void);

extern const unsigned int csistema_RENAME_NOREPLACE;
extern const unsigned int csistema_RENAME_EXCHANGE;
extern const int csistema_O_TMPFILE;
extern const int csistema_AT_EMPTY_PATH;

#endif

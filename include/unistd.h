/* POSIX process, file-descriptor and memory calls. The file system is a
 * writable memory file system (tmpfs); each process has a current
 * directory, inherited across fork. */
#ifndef _UNISTD_H
#define _UNISTD_H
#include <sys/types.h>
#include <shmos/fcntl.h>    /* SEEK_SET, SEEK_CUR, SEEK_END */

#define STDIN_FILENO  0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2

extern char **environ;

ssize_t read(int fd, void *buf, size_t n);
ssize_t write(int fd, const void *buf, size_t n);
int close(int fd);
off_t lseek(int fd, off_t off, int whence);
int dup(int fd);
int dup2(int oldfd, int newfd);
int pipe(int fds[2]);
int isatty(int fd);

/* access() modes: may the real user and group read, write, execute (or
 * search), or just find (F_OK) the path? Root may read and write anything
 * and execute what has an x bit. */
#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4
int access(const char *path, int mode);
/* Set the owner and group ((uid_t)-1, (gid_t)-1: unchanged): root gives a
 * file to anyone; its owner may only set the group, to one of its own
 * (EPERM otherwise). A change clears the set-user-id bit of a file. lchown
 * is chown: shmos has no symbolic links. */
int chown(const char *path, uid_t uid, gid_t gid);
int fchown(int fd, uid_t uid, gid_t gid);
int lchown(const char *path, uid_t uid, gid_t gid);
/* Copies the current directory's path into buf (size bytes; ERANGE if too
 * small), or into a malloc'ed buffer the caller frees when buf is NULL. */
char *getcwd(char *buf, size_t size);
int chdir(const char *path);
int fchdir(int fd);
int unlink(const char *path);
int rmdir(const char *path);
int truncate(const char *path, off_t length);
int ftruncate(int fd, off_t length);
ssize_t pread(int fd, void *buf, size_t n, off_t off);
ssize_t pwrite(int fd, const void *buf, size_t n, off_t off);
int fsync(int fd);

pid_t fork(void);
int execve(const char *path, char *const argv[], char *const envp[]);
int execv(const char *path, char *const argv[]);
int execvp(const char *file, char *const argv[]);
int execl(const char *path, const char *arg0, ...);
int execlp(const char *file, const char *arg0, ...);
_Noreturn void _exit(int status);
pid_t getpid(void);
pid_t gettid(void);             /* the calling thread's id (its process's pid in the main thread) */
pid_t getppid(void);
/* Add inc to the caller's nice value (clamped to -20..19); the new value,
 * or -1 with errno (clear errno first: -1 is also a value). */
int nice(int inc);
int setpgid(pid_t pid, pid_t pgid);
pid_t getpgrp(void);
uid_t getuid(void);
uid_t geteuid(void);
gid_t getgid(void);
gid_t getegid(void);
int setuid(uid_t uid);
int setgid(gid_t gid);
int seteuid(uid_t euid);
int setegid(gid_t egid);
int setreuid(uid_t ruid, uid_t euid);
int setregid(gid_t rgid, gid_t egid);
int setresuid(uid_t ruid, uid_t euid, uid_t suid);
int setresgid(gid_t rgid, gid_t egid, gid_t sgid);
int getgroups(int size, gid_t list[]);
int setgroups(size_t size, const gid_t *list);
int tcsetpgrp(int fd, pid_t pgrp);

unsigned int sleep(unsigned int seconds);
/* SIGALRM in seconds seconds (0: cancel); the seconds the previous alarm
 * had left, or 0. */
unsigned int alarm(unsigned int seconds);
/* Sleep until a signal handler has run (or the process dies): -1, EINTR. */
int pause(void);
int usleep(useconds_t usec);

void *sbrk(intptr_t incr);
int brk(void *addr);

/* sysconf names (Linux's numbers); any other name fails with EINVAL. */
#define _SC_CLK_TCK   2     /* 100: clock ticks per second */
#define _SC_OPEN_MAX  4     /* 16: descriptors per process */
#define _SC_PAGESIZE  30    /* 4096 */
#define _SC_NPROCESSORS_CONF 83   /* CPUs running (as ONLN) */
#define _SC_NPROCESSORS_ONLN 84   /* CPUs running, from meminfo() */
#define _SC_PAGE_SIZE _SC_PAGESIZE
long sysconf(int name);
int getpagesize(void);

/* Options: see libc/getopt.c. Setting optind to 0 (or to any value other
 * than the one the last call left) restarts the scan. */
extern char *optarg;
extern int optind, opterr, optopt;
int getopt(int argc, char *const argv[], const char *optstring);
#endif

/* Helpers shared by the users-and-permissions tests (perm.c, fileperm.c,
 * fileperm_exec.c), defined in perm_util.c: the test users, the way a
 * root test runs a function as one of them, and the file tests' scratch
 * directory. */
#ifndef TESTS_GUEST_PERM_UTIL_H
#define TESTS_GUEST_PERM_UTIL_H
#include <sys/types.h>

#define ALICE 1000
#define BOB   1001
#define STAFF 50                    /* a group only some children join */

/* Not root (a Linux oracle run by a user): the tests cannot drop ids.
 * Prints a diagnostic and returns 1 then; 0 for root. */
int not_root(void);
/* Become user uid with group uid and the supplementary groups groups[n]
 * (root only); fails the test if any step fails. */
void become(uid_t uid, const gid_t *groups, int n);
/* Run fn(arg) in a child that became uid (with groups), and wait: the
 * child must exit 0. */
void as_user(uid_t uid, const gid_t *groups, int n, void (*fn)(long), long arg);

/* ---- the file tests' scratch directory */
#define FP_PATH_SIZE 96
extern char fp_base[FP_PATH_SIZE];  /* the test's scratch directory: /tmp/fpPID */
/* fp_base/name into buf; returns buf. */
char *fp_path(char buf[FP_PATH_SIZE], const char *name);
/* Make the scratch directory, root's, with mode; umask 0 for the test so
 * every mode asked for is the mode made. 1 if the test cannot run (not
 * root), else 0. */
int fp_scratch(mode_t mode);
/* Remove path and, for a directory, all below it (as root). */
void fp_remove_tree(const char *path);
/* A file holding "data" with exactly mode, made by the caller. */
void fp_make_file(const char *path, mode_t mode);
/* The permission bits of path. */
mode_t fp_mode_of(const char *path);
/* open(path, flags) must succeed; the descriptor is closed again. */
void fp_opens(const char *path, int flags);
#endif

/* Helpers shared by the users-and-permissions tests (perm.c, fileperm.c),
 * defined in perm_util.c: the test users and the way a root test runs a
 * function as one of them. */
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
#endif

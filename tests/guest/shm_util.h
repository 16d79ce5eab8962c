/* Helpers shared by the xv6-style shared-memory tests (shm_xv6.c,
 * shm_xv6_limits.c, threads.c), defined in shm_util.c: segment shortcuts,
 * patterns, parent/child channels and run_guarded(), which runs a test
 * body in a worker and destroys whatever segment it left behind. All of
 * it is shmos-only; on Linux only SHM() and SKIP_REASON exist. */
#ifndef TESTS_GUEST_SHM_UTIL_H
#define TESTS_GUEST_SHM_UTIL_H
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include "tests.h"

#define SKIP_REASON "xv6-style shared memory is shmos-only"

#ifdef __shmos__
#include <limits.h>
#include <shmos.h>

#define ADDR_A 0x10000000u          /* the lab's parent address */
#define ADDR_B 0x20000000u          /* the lab's child address */
#define ADDR_C 0x30000000u          /* nothing mapped around it */
#define MAX_SEGMENT (4 << 20)       /* a large segment: what one page-table leaf spans */
#define SEG_LIMIT (1 << 30)         /* the largest segment */
#define SEG_PAGES (MAX_SEGMENT / (int)PAGE + 1)   /* its pages + its page list */
#define TABLE_SIZE SHM_SEGS_MAX     /* segments system-wide */
#define MAX_RECS SHM_SEGS_MAX

int main(int argc, char **argv);    /* its address is in program text */

/* Scratch space: shm_list records (record_of, run_guarded use it too) and
 * segment ids. */
extern struct shminfo_rec recs[MAX_RECS];
extern int ids[SHM_SEGS_MAX + 1];

/* addr as a pointer. */
unsigned char *at(uint32_t addr);
/* The kernel's segments (meminfo). */
long nshm(void);
/* shm_create, shm_detach, shm_destroy, each of which must work; release
 * is detach then destroy. */
int create(int size);
void detach(int id);
void destroy(int id);
void release(int id);
/* The shm_list record of segment id, or NULL if it is not listed. */
const struct shminfo_rec *record_of(int id);
/* Attachments of segment id in all processes (fails the test if it is gone). */
long nattch(int id);
/* Attach id at addr, which must work; returns addr as a pointer. */
unsigned char *attach(int id, uint32_t addr);
/* shm_attach(id, addr) must fail with err, leaving nattch(id) at want. */
void attach_fails(int id, uint32_t addr, int err, long want, const char *what);

/* A byte that differs from byte to byte and from page to page. */
unsigned char pat(uint32_t i, unsigned seed);
/* Write the pattern of seed into p[0..n-1]; fail the test (naming what)
 * unless p[0..n-1] holds it. */
void fill(unsigned char *p, uint32_t n, unsigned seed);
void verify(const unsigned char *p, uint32_t n, unsigned seed, const char *what);

/* Touch kib KiB of fresh stack below the caller's frame. */
void use_stack(int kib);
/* Before counting free pages: stack pages and the page tables behind ADDR_A
 * and ADDR_B exist from then on (page tables live until exit, by design). */
void warm_up(void);

/* A two-way channel between the worker and one child: open it, then each
 * side closes the other's ends (chan_child, chan_parent); tell_X sends
 * one byte to X, hear_X waits for one from X. */
struct chan { int down[2], up[2]; };
void chan_open(struct chan *c);
void chan_child(struct chan *c);
void chan_parent(struct chan *c);
void tell_child(struct chan *c);
void tell_parent(struct chan *c);
void hear_child(struct chan *c);
void hear_parent(struct chan *c);

/* The test function of every entry: runs the body arg (a void (*)(void))
 * in a worker, then destroys every segment that was not there before,
 * giving still attached ones (a child on its way out) 3 s. Passes iff the
 * worker exited 0 and left no segment. */
void run_guarded(long arg);
/* fork + exec path with argv, its stdout into out (NUL-terminated).
 * Returns the wait status; *pid gets the child's pid. */
int run_capture(const char *path, char *const argv[], char *out, size_t size, pid_t *pid);
/* The next line of *cur (its '\n' cut off), or NULL at the end. */
char *next_line(char **cur);
/* Run /bin/ipcs; w gets the words of its line for segment id in the
 * "Shared Memory Segments" section: key shmid owner perms bytes nattch
 * status (w[6] "" when the status is blank). Checks the section's title
 * and column header, and the final "free pages: " line too. */
void ipcs_line(int id, char **w);

#define SHM(name, body, timeout) \
    { "shm: " name, run_guarded, (long)(body), 0, timeout, SHMOS_ONLY(SKIP_REASON) }
#else
#define SHM(name, body, timeout) { "shm: " name, NULL, 0, 0, timeout, SHMOS_ONLY(SKIP_REASON) }
#endif
#endif

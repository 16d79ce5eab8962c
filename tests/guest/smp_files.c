/* SMP stress of the file system and file mappings: worker processes (on
 * every CPU the machine has) open, grow, map, write, check, truncate,
 * unlink and unmap a small pool of shared files at random. Each worker
 * writes only its own slot of a file's first page, through its mapping and
 * through pwrite, and checks each store is seen the other way; files
 * never shrink below one page, so no access falls past an end. Afterwards
 * nothing may be left: no page, object or node. Runs on Linux too. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "tests.h"
#ifdef __shmos__
#include <shmos.h>
#endif

#define WORKERS 6
#define FILES 4
#define ROUNDS 300
#define SLOT 64                 /* bytes of page 0 each worker owns */

static char dir[64];

static void file_name(char *buf, size_t size, int i)
{
    fmt(buf, size, "%s/f%d", dir, i);
}

static uint32_t next_random(uint32_t *state)
{
    *state = *state * 1103515245u + 12345u;
    return *state >> 8;
}

/* One round on file i: open (creating), grow to a page, map, store and
 * check both ways, maybe truncate, maybe unlink, unmap, close. */
static void round_on(int worker, int i, uint32_t *rng)
{
    char name[96];
    file_name(name, sizeof name, i);
    int fd = (int)SYS(open(name, O_RDWR | O_CREAT, 0600));
    struct stat st;
    SYS(fstat(fd, &st));
    if (st.st_size < (long)PAGE)
        SYS(ftruncate(fd, (long)PAGE));
    unsigned char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    CHECK(p != MAP_FAILED);
    unsigned char *slot = p + worker * SLOT, want[SLOT], got[SLOT];
    for (int k = 0; k < SLOT; k++)
        want[k] = (unsigned char)(next_random(rng) | 1);
    memcpy(slot, want, SLOT);
    CHECK_EQ(pread(fd, got, SLOT, worker * SLOT), SLOT);
    if (memcmp(got, want, SLOT) != 0)
        FAIL("worker %d: a store through the mapping of f%d is not seen by pread", worker, i);
    for (int k = 0; k < SLOT; k++)
        want[k] = (unsigned char)(next_random(rng) | 1);
    CHECK_EQ(pwrite(fd, want, SLOT, worker * SLOT), SLOT);
    if (memcmp(slot, want, SLOT) != 0)
        FAIL("worker %d: a pwrite to f%d is not seen through the mapping", worker, i);
    uint32_t r = next_random(rng) % 8;
    if (r < 3)
        SYS(ftruncate(fd, (long)PAGE * (1 + (long)(next_random(rng) % 8))));
    else if (r == 3 && unlink(name) < 0 && errno != ENOENT)
        FAIL("unlink %s: %s", name, errname(errno));
    SYS(munmap(p, PAGE));
    SYS(close(fd));
}

static void worker_main(long worker)
{
    uint32_t rng = 0x9e3779b9u * (uint32_t)(worker + 1);
    for (int round = 0; round < ROUNDS; round++)
        round_on((int)worker, (int)(next_random(&rng) % FILES), &rng);
}

static void t_files_stress(long arg)
{
    (void)arg;
    fmt(dir, sizeof dir, "/tmp/shmos-smpfs-%d", (int)getpid());
    SYS(mkdir(dir, 0755));
#ifdef __shmos__
    struct meminfo before = mem();
#endif
    pid_t pids[WORKERS];
    for (int w = 0; w < WORKERS; w++)
        pids[w] = spawn(worker_main, w);
    for (int w = 0; w < WORKERS; w++)
        expect_exit(pids[w], 0);
    for (int i = 0; i < FILES; i++) {
        char name[96];
        file_name(name, sizeof name, i);
        if (unlink(name) < 0 && errno != ENOENT)
            FAIL("unlink %s: %s", name, errname(errno));
    }
#ifdef __shmos__
    struct meminfo after = mem();
    CHECK_EQ(after.nobj, before.nobj);
    CHECK_EQ(after.nnode, before.nnode);
    CHECK_EQ(after.free_pages, before.free_pages);
#endif
    SYS(rmdir(dir));
}

static const struct test tests[] = {
    { "smp: 6 processes x 300 rounds of open/map/store/truncate/unlink on 4 shared files, checked",
      t_files_stress, 0, 0, 120, NULL },
};
TEST_GROUP(165, tests);

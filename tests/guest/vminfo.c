/* vm_regions() and vm_pages(), the calls behind pmap (shmos only; the
 * tool is tested by tests/guest-cmd/pmap.sh). Their arguments are
 * checked (ESRCH, EINVAL, EFAULT) and a kernel address is never
 * reported; a process's regions name their objects; two processes that
 * map one POSIX shm object at 0x10000000 and 0x20000000 see the same
 * frames; after fork a private page has one frame, held twice and
 * write-protected, until a write gives the writer its own. */
#include "tests.h"
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#ifdef __shmos__
#include <shmos.h>

static struct vm_region regs[256];
static struct vm_page pages[VM_PAGES_MAX];

static void bad_arguments(long arg)
{
    (void)arg;
    int self = getpid();
    EXPECT_ERR(vm_regions(0, regs, 64), ESRCH);
    EXPECT_ERR(vm_regions(-1, regs, 64), ESRCH);
    EXPECT_ERR(vm_regions(99999, regs, 64), ESRCH);
    EXPECT_ERR(vm_regions(self, regs, -1), EINVAL);
    EXPECT_ERR(vm_regions(self, KADDR(0xc0100000), 64), EFAULT);
    EXPECT_ERR(vm_regions(self, NULLPTR, 64), EFAULT);
    CHECK(vm_regions(self, NULLPTR, 0) > 3);            /* counts, copies nothing */
    EXPECT_ERR(vm_pages(self, KADDR(0x10000010), 1, pages), EINVAL);
    EXPECT_ERR(vm_pages(self, KADDR(0x10000000), -1, pages), EINVAL);
    EXPECT_ERR(vm_pages(self, KADDR(0x10000000), VM_PAGES_MAX + 1, pages), EINVAL);
    EXPECT_ERR(vm_pages(self, KADDR(0xfffff000), 2, pages), EINVAL);   /* wraps */
    EXPECT_ERR(vm_pages(self, KADDR(0x10000000), 1, KADDR(0xc0100000)), EFAULT);
    EXPECT_ERR(vm_pages(99999, KADDR(0x10000000), 1, pages), ESRCH);
    /* The kernel half is no process's: never a frame. */
    CHECK_EQ(vm_pages(self, KADDR(0xc0100000), 4, pages), 4);
    for (int i = 0; i < 4; i++)
        CHECK(pages[i].frame == 0 && pages[i].flags == 0);
    /* A zombie has no memory. */
    pid_t z = (pid_t)SYS(fork());
    if (z == 0)
        _exit(0);
    while (vm_regions(z, regs, 64) >= 0)
        sleep_ms(10);
    EXPECT_ERR(vm_regions(z, regs, 64), ESRCH);
    expect_exit(z, 0);
}

/* The region of pid's (n of them in regs) containing va, or NULL. */
static const struct vm_region *region_at(int n, uintptr_t va)
{
    for (int i = 0; i < n && i < 64; i++)
        if (regs[i].start <= va && va < regs[i].end)
            return &regs[i];
    return NULL;
}

static int some_data = 1;

static void own_regions(long arg)
{
    (void)arg;
    int local = 0;
    int n = (int)SYS(vm_regions(getpid(), regs, 64));
    CHECK(n > 3 && n <= 64);
    for (int i = 0; i + 1 < n; i++)
        CHECK(regs[i].end <= regs[i + 1].start);        /* sorted, apart */
    const struct vm_region *t = region_at(n, (uintptr_t)own_regions);
    CHECK(t && t->role == VMR_TEXT && t->prot == (VMR_READ | VMR_EXEC));
    CHECK(strcmp(t->backing, "shmem /bin/tests") == 0);
    CHECK(t->resident > 0);
    const struct vm_region *d = region_at(n, (uintptr_t)&some_data);
    CHECK(d && d->role == VMR_DATA && (d->prot & VMR_WRITE) && !d->shared);
    CHECK(strncmp(d->backing, "anon", 4) == 0);
    const struct vm_region *s = region_at(n, (uintptr_t)&local);
    CHECK(s && s->role == VMR_STACK && s->resident > 0 && s->dirty > 0);
}

static const char shm_name[] = "/vminfo-test";

/* The frames of n pages of pid from va on, into out. */
static void frames(int pid, uintptr_t va, int n, uint32_t *out)
{
    CHECK_EQ(vm_pages(pid, (void *)va, n, pages), n);
    for (int i = 0; i < n; i++)
        out[i] = pages[i].frame;
}

static void shm_two_addresses(long arg)
{
    (void)arg;
    shm_unlink(shm_name);
    int fd = (int)SYS(shm_open(shm_name, O_RDWR | O_CREAT | O_EXCL, 0600));
    SYS(ftruncate(fd, 2 * PAGE));
    char *p = mmap((void *)0x10000000, 2 * PAGE, PROT_READ | PROT_WRITE,
                   MAP_SHARED | MAP_FIXED, fd, 0);
    CHECK(p == (char *)0x10000000);
    p[0] = 'a';
    p[PAGE] = 'b';
    int up[2], down[2];
    SYS(pipe(up));
    SYS(pipe(down));
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0) {
        char *q = mmap((void *)0x20000000, 2 * PAGE, PROT_READ | PROT_WRITE,
                       MAP_SHARED | MAP_FIXED, fd, 0);
        CHECK(q == (char *)0x20000000 && q[0] == 'a' && q[PAGE] == 'b');
        tell(up[1]);
        hear(down[0]);
        _exit(0);
    }
    hear(up[0]);
    uint32_t mine[2], theirs[2];
    frames(getpid(), 0x10000000, 2, mine);
    frames(pid, 0x20000000, 2, theirs);
    CHECK(mine[0] && mine[1] && mine[0] != mine[1]);
    CHECK(mine[0] == theirs[0] && mine[1] == theirs[1]);
    CHECK((pages[0].flags & (VMP_PRESENT | VMP_COW)) == VMP_PRESENT);
    int n = (int)SYS(vm_regions(pid, regs, 64));
    const struct vm_region *r = region_at(n, 0x20000000);
    CHECK(r && r->start == 0x20000000 && r->end == 0x20000000 + 2 * PAGE);
    CHECK(r->role == VMR_MAP && r->shared && r->resident == 2);
    CHECK(strcmp(r->backing, "shmem /dev/shm/vminfo-test") == 0);
    SYS(shm_unlink(shm_name));
    n = (int)SYS(vm_regions(getpid(), regs, 64));
    r = region_at(n, 0x10000000);
    CHECK(r && strcmp(r->backing, "shmem vminfo-test (deleted)") == 0);
    tell(down[1]);
    expect_exit(pid, 0);
    SYS(munmap(p, 2 * PAGE));
    close(fd);
}

static char cow_page[PAGE] __attribute__((aligned(PAGE)));

static void cow_after_fork(long arg)
{
    (void)arg;
    uintptr_t va = (uintptr_t)cow_page;
    cow_page[0] = 1;                    /* the parent's own page */
    int up[2], down[2];
    SYS(pipe(up));
    SYS(pipe(down));
    pid_t pid = (pid_t)SYS(fork());
    if (pid == 0) {
        tell(up[1]);
        hear(down[0]);
        _exit(cow_page[0] == 1 ? 0 : 1);
    }
    hear(up[0]);
    uint32_t mine, theirs;
    frames(getpid(), va, 1, &mine);
    CHECK(pages[0].holders == 2 && (pages[0].flags & VMP_COW) && !(pages[0].flags & VMP_WRITABLE));
    frames(pid, va, 1, &theirs);
    CHECK(pages[0].holders == 2 && (pages[0].flags & VMP_COW));
    CHECK(mine != 0 && mine == theirs);
    cow_page[0] = 2;                    /* the write copies */
    frames(getpid(), va, 1, &mine);
    CHECK((pages[0].flags & VMP_WRITABLE) && (pages[0].flags & VMP_DIRTY) && pages[0].holders == 1);
    frames(pid, va, 1, &theirs);
    CHECK(pages[0].holders == 1 && mine != theirs && theirs != 0);
    tell(down[1]);
    expect_exit(pid, 0);
}
/* 100 regions (more than a page of records): all listed, in order, the
 * count the same with and without room. */
static void many_regions(long arg)
{
    (void)arg;
    char *base = mmap(NULL, 200 * PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(base != MAP_FAILED);
    for (int i = 0; i < 100; i++)       /* every other page writable: 200 regions */
        SYS(mprotect(base + 2 * i * PAGE, PAGE, PROT_READ | PROT_WRITE));
    int n = (int)SYS(vm_regions(getpid(), regs, 256));
    CHECK(n >= 200);
    CHECK_EQ(SYS(vm_regions(getpid(), NULL, 0)), n);
    int found = 0;
    for (int i = 0; i < n; i++) {
        if (i > 0 && regs[i].start < regs[i - 1].end)
            FAIL("region %d (0x%x) overlaps or precedes the one before", i, regs[i].start);
        found += regs[i].start >= (uint32_t)(uintptr_t)base &&
                 regs[i].end <= (uint32_t)(uintptr_t)(base + 200 * PAGE);
    }
    CHECK_EQ(found, 200);
    SYS(munmap(base, 200 * PAGE));
}

/* Another user's map is refused (EPERM), as signalling it is; root and
 * the owner may read it. */
static void other_user(long arg)
{
    (void)arg;
    int hold[2];
    SYS(pipe(hold));
    pid_t owner = (pid_t)SYS(fork());
    if (owner == 0) {
        close(hold[1]);
        if (setuid(1000) < 0)
            _exit(2);
        char c;
        read(hold[0], &c, 1);
        _exit(0);
    }
    close(hold[0]);
    CHECK(vm_regions(owner, regs, 256) > 3);          /* root may */
    pid_t other = (pid_t)SYS(fork());
    if (other == 0) {
        if (setuid(1001) < 0)
            _exit(2);
        _exit(vm_regions(owner, regs, 256) == -1 && errno == EPERM ? 0 : 1);
    }
    expect_exit(other, 0);
    close(hold[1]);
    expect_exit(owner, 0);
}
#endif

#define VMINFO(name, fn) { "vminfo: " name, fn, 0, 0, 0, SHMOS_ONLY("vm_regions/vm_pages are shmos's") }
#ifndef __shmos__
#define bad_arguments NULL
#define own_regions NULL
#define shm_two_addresses NULL
#define cow_after_fork NULL
#define many_regions NULL
#define other_user NULL
#endif
static const struct test tests[] = {
    VMINFO("ESRCH, EINVAL, EFAULT; no kernel frame; a zombie has no map", bad_arguments),
    VMINFO("own regions: text of /bin/tests, data, stack, sorted", own_regions),
    VMINFO("one shm object at 0x10000000 and 0x20000000: the same frames", shm_two_addresses),
    VMINFO("after fork a private page has one frame until a write", cow_after_fork),
    VMINFO("200 regions, more than a page of records, all listed in order", many_regions),
    VMINFO("another user's map gives EPERM; root reads it", other_user),
};
TEST_GROUP(147, tests);

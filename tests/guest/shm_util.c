/* Helpers of the xv6-style shared-memory tests (shm_util.h says what each
 * does). */
#include "shm_util.h"
#ifdef __shmos__

struct shminfo_rec recs[MAX_RECS];
int ids[SHM_SEGS_MAX + 1];

unsigned char *at(uint32_t addr) { return (unsigned char *)(uintptr_t)addr; }
long nshm(void) { return (long)mem().nshm; }
int create(int size) { return (int)SYS(shm_create(size)); }
void detach(int id) { SYS(shm_detach(id)); }
void destroy(int id) { SYS(shm_destroy(id)); }
void release(int id) { detach(id); destroy(id); }

const struct shminfo_rec *record_of(int id)
{
    int n = (int)SYS(shm_list(recs, MAX_RECS));
    for (int i = 0; i < n; i++)
        if (recs[i].id == id)
            return &recs[i];
    return NULL;
}

long nattch(int id)
{
    const struct shminfo_rec *r = record_of(id);
    if (r == NULL)
        FAIL("segment %d is not listed by shm_list", id);
    return (long)r->nattach;
}

unsigned char *attach(int id, uint32_t addr)
{
    if (shm_attach(id, at(addr)) != 0)
        FAIL("shm_attach(%d, 0x%x) failed: %s", id, (unsigned)addr, errname(errno));
    return at(addr);
}

void attach_fails(int id, uint32_t addr, int err, long want, const char *what)
{
    errno = 0;
    int r = shm_attach(id, at(addr));
    int e = errno;
    if (r != -1 || e != err)
        FAIL("attach %s at 0x%x returned %d errno %s, expected -1 with %s",
             what, (unsigned)addr, r, errname(e), errname(err));
    if (nattch(id) != want)
        FAIL("after the failed attach %s, nattch is %ld, expected %ld", what, nattch(id), want);
}

unsigned char pat(uint32_t i, unsigned seed) { return (unsigned char)((i * 131u) ^ (i >> 12) ^ seed); }

void fill(unsigned char *p, uint32_t n, unsigned seed)
{
    for (uint32_t i = 0; i < n; i++)
        p[i] = pat(i, seed);
}

void verify(const unsigned char *p, uint32_t n, unsigned seed, const char *what)
{
    for (uint32_t i = 0; i < n; i++)
        if (p[i] != pat(i, seed))
            FAIL("%s: byte %u (page %u) is 0x%x, expected 0x%x",
                 what, (unsigned)i, (unsigned)(i / PAGE), p[i], pat(i, seed));
}

void __attribute__((noinline)) use_stack(int kib)
{
    volatile char buf[1024];
    buf[0] = buf[sizeof buf - 1] = (char)kib;
    if (kib > 1)
        use_stack(kib - 1);
    CHECK_EQ(buf[0] + buf[sizeof buf - 1], 2 * (char)kib);
}

void warm_up(void)
{
    use_stack(16);
    int id = create(PAGE);
    attach(id, ADDR_A);
    detach(id);
    attach(id, ADDR_B);
    release(id);
}

void chan_open(struct chan *c) { SYS(pipe(c->down)); SYS(pipe(c->up)); }
void chan_child(struct chan *c) { close(c->down[1]); close(c->up[0]); }
void chan_parent(struct chan *c) { close(c->down[0]); close(c->up[1]); }
void tell_child(struct chan *c) { write_all(c->down[1], "p", 1); }
void tell_parent(struct chan *c) { write_all(c->up[1], "c", 1); }
void hear_child(struct chan *c) { char b; read_exact(c->up[0], &b, 1); }
void hear_parent(struct chan *c) { char b; read_exact(c->down[0], &b, 1); }

void run_guarded(long arg)
{
    static int before[MAX_RECS];
    int n = (int)SYS(shm_list(recs, MAX_RECS)), left = 0, busy = 1;
    for (int i = 0; i < n; i++)
        before[i] = recs[i].id;
    pid_t w = (pid_t)SYS(fork());
    if (w == 0) {
        own_pages();
        ((void (*)(void))arg)();
        _exit(0);
    }
    int st = wait_status(w);
    for (int tries = 0; busy && tries < 150; tries++, sleep_ms(busy ? 20 : 0)) {
        int count = (int)SYS(shm_list(recs, MAX_RECS)), j;
        busy = 0;
        for (int i = 0; i < count; i++) {
            for (j = 0; j < n && before[j] != recs[i].id; j++)
                ;
            if (j == n && shm_destroy(recs[i].id) == 0)
                left++;
            else if (j == n)
                busy++;
        }
    }
    if (WIFSIGNALED(st))
        FAIL("the test body was killed by signal %d", WTERMSIG(st));
    if (WEXITSTATUS(st) != 0)
        _exit(WEXITSTATUS(st));
    if (left > 0 || busy > 0)
        FAIL("the test left segments behind: %d destroyed now, %d still attached", left, busy);
}

int run_capture(const char *path, char *const argv[], char *out, size_t size, pid_t *pid)
{
    int p[2];
    SYS(pipe(p));
    if ((*pid = (pid_t)SYS(fork())) == 0) {
        char *envp[] = { NULL };
        close(p[0]);
        dup2(p[1], 1);
        close(p[1]);
        execve(path, argv, envp);
        diag("execve(%s) failed: %s", path, errname(errno));
        _exit(127);
    }
    close(p[1]);
    size_t len = 0;
    ssize_t r;
    while (len < size - 1 &&
           ((r = read(p[0], out + len, size - 1 - len)) > 0 || (r < 0 && errno == EINTR)))
        len += r > 0 ? (size_t)r : 0;
    out[len] = '\0';
    close(p[0]);
    return wait_status(*pid);
}

char *next_line(char **cur)
{
    char *line = *cur, *nl = strchr(line, '\n');
    if (*line == '\0')
        return NULL;
    *cur = nl ? nl + 1 : line + strlen(line);
    if (nl)
        *nl = '\0';
    return line;
}

void ipcs_line(int id, char **w)
{
    static char text[8192];
    char *argv[] = { "ipcs", NULL }, *cur = text, *line, *last = NULL;
    int header = 0, found = 0, in_section = 0;
    pid_t pid;
    CHECK_EQ(run_capture("/bin/ipcs", argv, text, sizeof text, &pid), 0);
    while ((line = next_line(&cur)) != NULL) {
        last = line;
        if (strcmp(line, "------ Shared Memory Segments --------") == 0) {
            in_section = 1;
            continue;
        }
        if (!in_section || found)
            continue;
        if (*line == '\0') {
            in_section = 0;             /* a blank line ends the section */
            continue;
        }
        char *v[8];
        int n = 0;
        for (char *s = strtok(line, " "); s != NULL && n < 8; s = strtok(NULL, " "))
            v[n++] = s;
        if (n == 7 && strcmp(v[0], "key") == 0 && strcmp(v[1], "shmid") == 0 &&
            strcmp(v[5], "nattch") == 0 && strcmp(v[6], "status") == 0) {
            header++;
        } else if ((n == 6 || n == 7) && parse_long(v[1]) == id) {
            found = 1;
            for (int i = 0; i < 7; i++)
                w[i] = i < n ? v[i] : "";
        }
    }
    if (header != 1 || !found)
        FAIL("ipcs printed %d segment headers and %s line for segment %d", header,
             found ? "a" : "no", id);
    if (last == NULL || strncmp(last, "free pages: ", 12) != 0)
        FAIL("the last line of ipcs is '%s', expected 'free pages: ...'", last ? last : "");
}
#endif

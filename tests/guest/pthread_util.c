/* Helpers of the pthread tests: see pthread_util.h. */
#include "pthread_util.h"

static void *crew_trampoline(void *p)
{
    __typeof__(((struct crew *)0)->start[0]) *s = p;
    return (void *)(intptr_t)s->fn(s->arg);
}

void start_crew(struct crew *c, int n, int (*fn)(void *), void *arg)
{
    CHECK(n <= MAX_CREW);
    c->n = n;
    for (int i = 0; i < n; i++) {
        c->start[i].fn = fn;
        c->start[i].arg = arg;
        pthread_t t;
        CHECK_EQ(pthread_create(&t, NULL, crew_trampoline, &c->start[i]), 0);
        c->ids[i] = (long)t;
    }
}

void join_crew(struct crew *c)
{
    for (int i = 0; i < c->n; i++) {
        void *ret;
        CHECK_EQ(pthread_join((pthread_t)c->ids[i], &ret), 0);
        CHECK_EQ((intptr_t)ret, 0);
    }
}

void run_crew(int n, int (*fn)(void *), void *arg)
{
    struct crew c;
    start_crew(&c, n, fn, arg);
    join_crew(&c);
}

int next_index(volatile int *next)
{
    return __atomic_fetch_add(next, 1, __ATOMIC_SEQ_CST);
}

struct timespec in_ms(clockid_t clock, long ms)
{
    struct timespec t;
    CHECK(clock_gettime(clock, &t) == 0);
    t.tv_sec += ms / 1000;
    t.tv_nsec += (ms % 1000) * 1000000L;
    if (t.tv_nsec >= 1000000000L) {
        t.tv_sec++;
        t.tv_nsec -= 1000000000L;
    }
    return t;
}

void check_waited(uint64_t t0, long ms)
{
    uint64_t waited = now_ns() - t0;
    if (waited < (uint64_t)(ms - 10) * 1000000u || waited > 10ull * 1000000000u)
        FAIL("timed out after %llu ms, asked for %ld", (unsigned long long)(waited / 1000000), ms);
}

void *shared_page(void)
{
    void *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    CHECK(p != MAP_FAILED);
    return p;
}

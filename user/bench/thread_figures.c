/*
 * thread_figures.c - the POSIX threads figures of bench (issue 16), the
 * same calls on shmos and on Linux (glibc):
 *   mutex_pair_ns           pthread_mutex_lock + unlock, uncontended, one thread
 *   mutex_counter4_ns       ns per increment of a counter that 4 threads
 *                           (bench's and 3 it creates) increment, n in all,
 *                           each under one mutex; the count must come out exact
 *   cond_rtt_us             a ping-pong between two threads through one mutex
 *                           and two condition variables: main signals ping
 *                           and waits for pong, the partner the other way
 *   pthread_create_join_us  pthread_create of a thread that returns at once,
 *                           then pthread_join
 * A thread that cannot be created fails the figure; every wait is bounded
 * by the other side's progress, never by a timeout, since both sides are
 * threads of one process (a dead thread kills the process).
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "monotime.h"
#include "bench.h"

#define COUNTER_THREADS 4

int64_t time_mutex_pair(long n)
{
    pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
    int64_t t0 = mono_ns();
    for (long i = 0; i < n; i++) {
        pthread_mutex_lock(&m);
        pthread_mutex_unlock(&m);
    }
    int64_t elapsed = mono_ns() - t0;
    pthread_mutex_destroy(&m);
    return elapsed;
}

struct counter {
    pthread_mutex_t lock;
    long count;
    long part;                      /* increments per worker */
};

static void *count_part(void *arg)
{
    struct counter *c = arg;
    for (long i = 0; i < c->part; i++) {
        pthread_mutex_lock(&c->lock);
        c->count++;
        pthread_mutex_unlock(&c->lock);
    }
    return NULL;
}

int64_t time_mutex_counter4(long n)
{
    struct counter c = { PTHREAD_MUTEX_INITIALIZER, 0, n / COUNTER_THREADS };
    long mine = n - c.part * (COUNTER_THREADS - 1);
    pthread_t t[COUNTER_THREADS - 1];
    int made = 0;
    int64_t t0 = mono_ns();
    for (; made < COUNTER_THREADS - 1; made++)
        if (pthread_create(&t[made], NULL, count_part, &c) != 0)
            break;
    for (long i = 0; i < mine; i++) {
        pthread_mutex_lock(&c.lock);
        c.count++;
        pthread_mutex_unlock(&c.lock);
    }
    for (int i = 0; i < made; i++)
        pthread_join(t[i], NULL);
    int64_t elapsed = mono_ns() - t0;
    if (made < COUNTER_THREADS - 1)
        return fail("pthread_create");
    if (c.count != n) {
        printf("bench: FAILED the counter is %ld after %ld increments\n", c.count, n);
        return -1;
    }
    return elapsed;
}

struct pingpong {
    pthread_mutex_t lock;
    pthread_cond_t to_partner, to_main;
    long turn;                      /* [lock] odd: the partner's move; even: main's */
    long rounds;
};

static void *pong(void *arg)
{
    struct pingpong *p = arg;
    pthread_mutex_lock(&p->lock);
    for (long i = 0; i < p->rounds; i++) {
        while (!(p->turn & 1))
            pthread_cond_wait(&p->to_partner, &p->lock);
        p->turn++;
        pthread_cond_signal(&p->to_main);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

int64_t time_cond_rtt(long n)
{
    struct pingpong p = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER,
                          PTHREAD_COND_INITIALIZER, 0, n };
    pthread_t t;
    if (pthread_create(&t, NULL, pong, &p) != 0)
        return fail("pthread_create");
    int64_t t0 = mono_ns();
    pthread_mutex_lock(&p.lock);
    for (long i = 0; i < n; i++) {
        p.turn++;
        pthread_cond_signal(&p.to_partner);
        while (p.turn & 1)
            pthread_cond_wait(&p.to_main, &p.lock);
    }
    pthread_mutex_unlock(&p.lock);
    int64_t elapsed = mono_ns() - t0;
    pthread_join(t, NULL);
    return elapsed;
}

static void *nothing(void *arg)
{
    return arg;
}

int64_t time_pthread_create_join(long n)
{
    int64_t t0 = mono_ns();
    for (long i = 0; i < n; i++) {
        pthread_t t;
        if (pthread_create(&t, NULL, nothing, NULL) != 0)
            return fail("pthread_create");
        pthread_join(t, NULL);
    }
    return mono_ns() - t0;
}

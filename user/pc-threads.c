/*
 * pc-threads - the producer/consumer lab with threads: one process, one
 * producer thread and C consumer threads sharing a ring of PC_SLOTS items
 * under one mutex and two condition variables (not_full, not_empty), the
 * classic monitor form of the lab's semaphore protocol. Builds for shmos
 * and for Linux from this one source.
 *
 *   pc-threads [-n ITEMS] [-c CONSUMERS] [-q]
 *
 * The producer puts 0, 1, ..., ITEMS-1 (default 500) into the ring; each
 * consumer takes items until the producer is done and the ring empty,
 * printing each as one line "consumer K: VALUE" (unless -q). At the end
 * the main thread checks that every value was taken exactly once and
 * prints "pc-threads: N items, C consumers, each item taken once".
 *
 * Exit status: 0 done, 1 a value lost or taken twice (or a thread could
 * not be made), 2 usage.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PC_SLOTS 10
#define MAX_CONSUMERS 16
#define MAX_ITEMS 10000000

static struct ring {
    pthread_mutex_t lock;
    pthread_cond_t not_full;        /* a slot became free */
    pthread_cond_t not_empty;       /* an item arrived, or the producer is done */
    long slot[PC_SLOTS];            /* [lock] */
    int in, out, count;             /* [lock] */
    bool done;                      /* [lock] the producer has put its last item */
} ring = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER,
           { 0 }, 0, 0, 0, false };

static long items = 500;
static bool quiet;
static unsigned char *taken;        /* taken[v]: how many times value v was consumed */

static void *producer(void *arg)
{
    (void)arg;
    for (long v = 0; v < items; v++) {
        pthread_mutex_lock(&ring.lock);
        while (ring.count == PC_SLOTS)
            pthread_cond_wait(&ring.not_full, &ring.lock);
        ring.slot[ring.in] = v;
        ring.in = (ring.in + 1) % PC_SLOTS;
        ring.count++;
        pthread_cond_signal(&ring.not_empty);
        pthread_mutex_unlock(&ring.lock);
    }
    pthread_mutex_lock(&ring.lock);
    ring.done = true;
    pthread_cond_broadcast(&ring.not_empty);    /* every consumer must see it */
    pthread_mutex_unlock(&ring.lock);
    return NULL;
}

static void *consumer(void *arg)
{
    int k = (int)(long)arg;
    for (;;) {
        pthread_mutex_lock(&ring.lock);
        while (ring.count == 0 && !ring.done)
            pthread_cond_wait(&ring.not_empty, &ring.lock);
        if (ring.count == 0) {          /* done, and nothing left */
            pthread_mutex_unlock(&ring.lock);
            return NULL;
        }
        long v = ring.slot[ring.out];
        ring.out = (ring.out + 1) % PC_SLOTS;
        ring.count--;
        taken[v]++;                     /* under the lock: one value per slot */
        pthread_cond_signal(&ring.not_full);
        pthread_mutex_unlock(&ring.lock);
        if (!quiet)
            printf("consumer %d: %ld\n", k, v);
    }
}

static _Noreturn void usage(void)
{
    fprintf(stderr, "usage: pc-threads [-n ITEMS] [-c CONSUMERS] [-q]\n");
    exit(2);
}

/* A decimal number in [lo, hi], or usage(). */
static long number(const char *s, long lo, long hi)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < lo || v > hi)
        usage();
    return v;
}

int main(int argc, char **argv)
{
    int consumers = 2;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-q") == 0)
            quiet = true;
        else if (strcmp(argv[i], "-n") == 0 && i + 1 < argc)
            items = number(argv[++i], 0, MAX_ITEMS);
        else if (strcmp(argv[i], "-c") == 0 && i + 1 < argc)
            consumers = (int)number(argv[++i], 1, MAX_CONSUMERS);
        else
            usage();
    }
    taken = calloc((size_t)items + 1, 1);
    if (!taken) {
        perror("pc-threads: calloc");
        return 1;
    }
    pthread_t prod, cons[MAX_CONSUMERS];
    int err = pthread_create(&prod, NULL, producer, NULL);
    for (int k = 0; k < consumers && !err; k++)
        err = pthread_create(&cons[k], NULL, consumer, (void *)(long)k);
    if (err) {
        fprintf(stderr, "pc-threads: pthread_create: %s\n", strerror(err));
        return 1;               /* exit ends the threads already made */
    }
    pthread_join(prod, NULL);
    for (int k = 0; k < consumers; k++)
        pthread_join(cons[k], NULL);
    for (long v = 0; v < items; v++) {
        if (taken[v] != 1) {
            fprintf(stderr, "pc-threads: value %ld taken %d times\n", v, taken[v]);
            return 1;
        }
    }
    printf("pc-threads: %ld items, %d consumers, each item taken once\n", items, consumers);
    return 0;
}

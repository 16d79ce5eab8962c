/* tests/host/bench/fixture.c - bench's measuring harness (user/bench/
 * measure.c) driven by figures whose times are made up, so that
 * tests/host/bench-measure.sh can check what it prints for quiet, noisy
 * and borderline rounds without timing anything real.
 *
 * Each figure costs a fixed number of milliseconds per operation, far
 * above the harness's calibration threshold: calibration is then one call,
 * and with -t 1 every round is one operation. Call 1 of a figure is its
 * calibration; calls 2.. are the rounds, ROUNDS (-r, which the script
 * passes as 5) to an attempt.
 *
 *   steady_us   30 ms every round
 *   edge_us     rounds of 30 and 60 ms: exactly 2x apart, not noisy
 *   once_us     attempt 1 alternates 30 and 90 ms (noisy), then 33 ms
 *   always_us   noisy in every attempt: 30/90, 30/70, 30/100 ms, ...
 *   rate_per_s  a rate, 30 ms an item
 */
#include <stdint.h>
#include "bench.h"

#define MS          INT64_C(1000000)
#define ROUNDS      5       /* the -r the script passes */

/* The attempt (1..) and round (0..ROUNDS-1) of call k (1: calibration). */
static int attempt_of(int k) { return (k - 2) / ROUNDS + 1; }
static int round_of(int k) { return (k - 2) % ROUNDS; }

static int64_t steady(long n)
{
    return n * 30 * MS;
}

static int64_t edge(long n)
{
    static int k;
    k++;
    return n * (k > 1 && round_of(k) == 3 ? 60 : 30) * MS;
}

static int64_t once(long n)
{
    static int k;
    k++;
    if (k == 1)
        return n * 30 * MS;
    if (attempt_of(k) == 1)
        return n * (round_of(k) % 2 ? 90 : 30) * MS;
    return n * 33 * MS;
}

static int64_t always(long n)
{
    static const int slow[] = { 90, 70, 100, 95, 99, 91, 92, 93, 94, 96 };
    static int k;
    k++;
    if (k == 1)
        return n * 30 * MS;
    return n * (round_of(k) % 2 ? slow[(attempt_of(k) - 1) % 10] : 30) * MS;
}

static const struct bench figures[] = {
    { "steady_us",  "us", 1000, steady },
    { "edge_us",    "us", 1000, edge },
    { "once_us",    "us", 1000, once },
    { "always_us",  "us", 1000, always },
    { "rate_per_s", "items/s", 0, steady },
};

int main(int argc, char **argv)
{
    return bench_main(argc, argv, figures, sizeof figures / sizeof figures[0],
                      "fixture");
}

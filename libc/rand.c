/* Pseudo-random numbers: a 64-bit linear congruential generator (Knuth's
 * MMIX constants), returning the high 31 bits, which are the best mixed. */
#include <stdlib.h>

static unsigned long long rand_state = 1;

int rand(void)
{
    rand_state = rand_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (int)(rand_state >> 33);
}

void srand(unsigned int seed)
{
    rand_state = seed;
}

/* rand with the caller's state: a 32-bit LCG step, then the state mixed
 * down to 31 bits (the low bits of a power-of-two LCG are poor). */
int rand_r(unsigned int *seed)
{
    unsigned int x = *seed = *seed * 1103515245u + 12345u;

    x ^= x >> 15;
    x *= 0x2c1b3c6du;
    x ^= x >> 12;
    return (int)(x & 0x7fffffff);
}

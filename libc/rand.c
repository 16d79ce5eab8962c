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

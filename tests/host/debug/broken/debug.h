/* A deliberately wrong debug.h (the seed's first attempt: two statements,
 * no grouping).  tests/host/debug-h.sh builds camel.c against it to prove
 * that its checks catch the bug: error()'s exit escapes the if. */
#ifndef BROKEN_DEBUG_H
#define BROKEN_DEBUG_H
#include <stdio.h>
#include <stdlib.h>
#define dprintf(fmt, ...) printf(fmt, ##__VA_ARGS__)
#define error(fmt, ...) fprintf(stderr, fmt, ##__VA_ARGS__); exit(EXIT_FAILURE)
#endif

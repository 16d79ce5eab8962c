/* Boot-time self-tests of the lock checks and the page allocator
 * (selftest.c). */
#ifndef KERNEL_SELFTEST_H
#define KERNEL_SELFTEST_H
/* With the boot command line "selftest=NAME", run test NAME (it panics
 * or powers off); otherwise return at once. */
void selftest_run(const char *cmdline);
#endif

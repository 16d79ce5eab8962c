/* Boot-time self-tests of the lock checks (selftest.c). */
#ifndef KERNEL_SELFTEST_H
#define KERNEL_SELFTEST_H
/* With the boot command line "selftest=NAME", break a locking rule on
 * purpose so the check panics; otherwise return at once. */
void selftest_run(const char *cmdline);
#endif

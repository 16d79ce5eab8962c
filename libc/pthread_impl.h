/* What libc's pthread files share (not a public header). */
#ifndef LIBC_PTHREAD_IMPL_H
#define LIBC_PTHREAD_IMPL_H
/* The calling thread's kernel id (gettid), as locks record their owner:
 * unique among the live threads of every process. */
int __pthread_tid(void);
#endif

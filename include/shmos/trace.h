/* System-call tracing: the ABI between the kernel (kernel/trace.c) and a
 * tracer (user/strace/). A process asks with trace(fd, flags) that its
 * own system calls be reported to fd, the write end of a pipe; the
 * tracer reads the records from the read end. See docs/architecture.md,
 * "Tracing system calls". */
#ifndef SHMOS_TRACE_H
#define SHMOS_TRACE_H
#include <stdint.h>

/* trace() flags. */
#define TRACE_FORK 1            /* children (fork, threads) are traced too */

/* The kinds of argument (build/gen/syscall_info.h says which is which). */
enum trace_kind {
    TRACE_INT,                  /* a signed number */
    TRACE_UINT,                 /* an unsigned number */
    TRACE_PTR,                  /* an address, not followed */
    TRACE_STR,                  /* a NUL-terminated string: its bytes are captured */
    TRACE_ARGV,                 /* a NULL-ended array of strings: captured, NUL-separated */
    TRACE_BUF_IN,               /* bytes the call reads: as many as the next argument */
    TRACE_BUF_OUT,              /* bytes the call writes: as many as it returns */
};

/* One call's description, as the list gives it. */
struct syscall_info {
    const char *name;           /* NULL: no such call */
    unsigned char nargs;
    unsigned char kind[6];      /* enum trace_kind */
    const char *arg[6];         /* the parameters' names */
};

/* Record types. */
#define TRACE_CALL  1           /* a call and its result */
#define TRACE_ENTER 2           /* a call that does not return (_exit): no result */
#define TRACE_EXITED 3          /* the process ended: result is its wait status */

/* Captured bytes per argument, at most: strings, argument vectors, buffers. */
#define TRACE_STR_MAX  128
#define TRACE_ARGV_MAX 256
#define TRACE_BUF_MAX  64

/* A record: this header, then the captured bytes of each argument whose
 * len is not 0, in argument order. Records never interleave in the pipe. */
struct trace_record {
    uint16_t size;              /* bytes of the record, header included */
    uint8_t type;               /* TRACE_CALL, TRACE_ENTER or TRACE_EXITED */
    uint8_t more;               /* bit i: argument i had more bytes than were captured */
    uint8_t fault;              /* bit i: argument i's bytes could not be read */
    uint8_t pad[3];
    int32_t pid;
    uint32_t nr;                /* the call's number */
    uint32_t args[6];
    int32_t result;             /* the result (-errno on failure), or the wait status */
    uint16_t len[6];            /* captured bytes of each argument */
};

#endif

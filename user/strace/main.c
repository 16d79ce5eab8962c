/* strace [-f] [-e NAMES] [-o FILE] CMD [ARG...]: runs CMD with its system
 * calls printed, one line each, as Linux's strace prints them. The kernel
 * reports them (trace(), include/shmos/trace.h) through a pipe: the child
 * asks for its own calls to be reported there, then execs CMD. -f: CMD's
 * children too, each line prefixed with its pid; -e: only the calls
 * named (comma-separated, "trace=" allowed in front); -o: the lines into
 * FILE instead of stderr. Exits with CMD's status (128 + N if signal N
 * killed it). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <shmos.h>
#include "syscall_nr.h"
#include "strace.h"

extern char **environ;

static const char *only;        /* -e: ",name,name," or NULL for every call */
static int follow;              /* -f */
static int out = 2;             /* where the lines go */
static pid_t child;             /* the process that execs CMD */
static int started;             /* child's execve has been reported */

static void usage(void)
{
    fprintf(stderr, "usage: strace [-f] [-e NAMES] [-o FILE] CMD [ARG...]\n");
    exit(2);
}

/* Whether -e lets call nr through. */
static int wanted(unsigned nr)
{
    if (!only)
        return 1;
    const char *name = call_name(nr);
    if (!name)
        return 0;
    size_t n = strlen(name);
    for (const char *p = only; (p = strstr(p, name)); p++)
        if (p[-1] == ',' && p[n] == ',')
            return 1;
    return 0;
}

/* Prints one record (-e permitting). */
static void print_record(const struct trace_record *r)
{
    struct line l = { .len = 0 };
    /* The child's calls between trace() and execve are strace's own. */
    if (r->pid == child && !started) {
        if (r->type == TRACE_CALL && r->nr == SYS_execve)
            started = r->result == 0;
        else if (r->type != TRACE_EXITED)
            return;
    }
    if (r->type != TRACE_EXITED && !wanted(r->nr))
        return;
    if (follow)
        put(&l, "[pid %d] ", (int)r->pid);
    if (r->type == TRACE_EXITED)
        format_exit(&l, r->result);
    else
        format_call(&l, r, (const char *)(r + 1));
    put(&l, "\n");
    if (l.len > sizeof(l.buf) - 1) {
        l.len = sizeof(l.buf) - 1;
        l.buf[l.len - 1] = '\n';
    }
    if (write(out, l.buf, l.len) < 0) {
        /* nowhere to say it */
    }
}

/* Reads records from fd until every traced process has closed it. */
static void read_records(int fd)
{
    static char buf[16384];
    size_t have = 0;
    for (;;) {
        ssize_t n = read(fd, buf + have, sizeof(buf) - have);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        have += (size_t)n;
        size_t at = 0;
        while (have - at >= sizeof(struct trace_record)) {
            struct trace_record h;
            memcpy(&h, buf + at, sizeof(h));
            if (h.size < sizeof(h) || h.size > sizeof(buf)) {
                fprintf(stderr, "strace: a record of %u bytes: giving up\n", h.size);
                return;
            }
            if (have - at < h.size)
                break;
            /* Aligned copy: the data follows the header. */
            static union { struct trace_record r; char bytes[sizeof(buf)]; } rec;
            memcpy(rec.bytes, buf + at, h.size);
            print_record(&rec.r);
            at += h.size;
        }
        memmove(buf, buf + at, have - at);
        have -= at;
    }
}

/* The path execve should get for cmd: cmd itself if it has a '/', else
 * the first executable file named cmd in $PATH (/bin if unset), into
 * path. Returns 0, or -1 with errno ENOENT. */
static int find_program(const char *cmd, char *path, size_t size)
{
    if (strchr(cmd, '/')) {
        snprintf(path, size, "%s", cmd);
        return 0;
    }
    const char *dirs = getenv("PATH");
    if (!dirs || !*dirs)
        dirs = "/bin";
    while (*dirs) {
        size_t n = strcspn(dirs, ":");
        struct stat st;
        snprintf(path, size, "%.*s%s%s", (int)n, n ? dirs : ".", "/", cmd);
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
            return 0;
        dirs += n + (dirs[n] == ':');
    }
    errno = ENOENT;
    return -1;
}

int main(int argc, char **argv)
{
    int i = 1;
    static char names[512];
    const char *outfile = NULL;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else if (strcmp(argv[i], "-f") == 0) {
            follow = 1;
        } else if (strcmp(argv[i], "-e") == 0 && i + 1 < argc) {
            const char *list = argv[++i];
            if (strncmp(list, "trace=", 6) == 0)
                list += 6;
            snprintf(names, sizeof(names), ",%s,", list);
            only = names;
        } else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
            outfile = argv[++i];
        } else {
            usage();
        }
    }
    if (i >= argc)
        usage();
    char path[256];
    if (find_program(argv[i], path, sizeof(path)) < 0) {
        fprintf(stderr, "strace: Can't stat '%s': %s\n", argv[i], strerror(errno));
        return 1;
    }
    if (outfile && (out = open(outfile, O_WRONLY | O_CREAT | O_TRUNC, 0644)) < 0) {
        fprintf(stderr, "strace: %s: %s\n", outfile, strerror(errno));
        return 1;
    }
    int p[2];
    if (pipe(p) < 0) {
        perror("strace: pipe");
        return 1;
    }
    pid_t pid = child = fork();
    if (pid < 0) {
        perror("strace: fork");
        return 1;
    }
    if (pid == 0) {
        /* The kernel keeps its own reference to the pipe: the program
         * gets neither end as a descriptor. */
        close(p[0]);
        if (trace(p[1], follow ? TRACE_FORK : 0) < 0) {
            perror("strace: trace");
            _exit(1);
        }
        close(p[1]);
        if (out != 2)
            close(out);
        execve(path, argv + i, environ);
        fprintf(stderr, "strace: exec %s: %s\n", path, strerror(errno));
        _exit(127);
    }
    close(p[1]);
    read_records(p[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) {
            perror("strace: waitpid");
            return 1;
        }
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return WEXITSTATUS(status);
}

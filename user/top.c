/* top [-b] [-c] [-n N] [-d SECS]: procps-ng top's summary and process
 * table, refreshed every SECS seconds (default 3) until N frames (default:
 * for ever, Ctrl-C ends it). On a terminal, unless -b, each frame clears
 * the screen first. -c shows command lines instead of program names.
 * %CPU is the CPU time a process used over the last interval (the first
 * frame samples for FIRST_SAMPLE_MS) per 100% of one CPU; the %Cpu(s)
 * line splits the same total over all CPUs (shmos's records carry user +
 * system time as one, so all of it shows as "us"). shmos keeps no load
 * average nor logins: the load fields show the running tasks now, there
 * is no users field. Layout and meanings: docs/debugging.md, "top". */
#include <pwd.h>
#include <shmos.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "tool.h"

#define MAX_PROCS 1024
#define MAX_REGIONS 64
#define FIRST_SAMPLE_MS 300

struct sample {
    struct procinfo procs[MAX_PROCS];
    int n;
    uint64_t at_ms;                 /* CLOCK_MONOTONIC when taken */
};

struct task {                       /* one process, its threads summed */
    const struct procinfo *rec;     /* its first thread's record */
    uint32_t cpu_ms;
    double pcpu;
};

static struct sample samples[2];
static struct task tasks[MAX_PROCS];

/* Milliseconds since boot. */
static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Fill s with every thread's record; 0, or -1 (reported). */
static int take_sample(struct sample *s)
{
    s->n = getprocs(s->procs, MAX_PROCS);
    s->at_ms = now_ms();
    if (s->n < 0) {
        perror("top: getprocs");
        return -1;
    }
    if (s->n > MAX_PROCS)
        s->n = MAX_PROCS;
    return 0;
}

/* CPU time of process tgid's threads in s, in ms. */
static uint32_t process_cpu_ms(const struct sample *s, int tgid)
{
    uint32_t ms = 0;
    for (int i = 0; i < s->n; i++)
        if (s->procs[i].tgid == tgid)
            ms += s->procs[i].cpu_ms;
    return ms;
}

/* Group cur's records into processes with their %CPU since prev (a
 * process prev lacks counts from 0); returns how many, sorted by %CPU
 * descending, then pid. *busy_ms gets their total CPU time in between. */
static int make_tasks(const struct sample *prev, const struct sample *cur, uint64_t *busy_ms)
{
    int n = 0;
    uint64_t span = cur->at_ms > prev->at_ms ? cur->at_ms - prev->at_ms : 1;
    *busy_ms = 0;
    for (int i = 0; i < cur->n; i++) {
        const struct procinfo *p = &cur->procs[i];
        if (p->tgid != p->pid)
            continue;
        uint32_t now = process_cpu_ms(cur, p->pid), before = process_cpu_ms(prev, p->pid);
        uint32_t used = now >= before ? now - before : now;
        *busy_ms += used;
        tasks[n++] = (struct task){ .rec = p, .cpu_ms = now, .pcpu = 100.0 * used / span };
    }
    for (int i = 1; i < n; i++) {          /* insertion sort: a few dozen processes */
        struct task t = tasks[i];
        int j = i;
        for (; j > 0 && (tasks[j - 1].pcpu < t.pcpu ||
                         (tasks[j - 1].pcpu == t.pcpu && tasks[j - 1].rec->pid > t.rec->pid)); j--)
            tasks[j] = tasks[j - 1];
        tasks[j] = t;
    }
    return n;
}

/* procps's state letter. */
static char state_letter(int state)
{
    switch (state) {
    case PS_RUNNING: case PS_RUNNABLE: return 'R';
    case PS_ZOMBIE:  return 'Z';
    case PS_STOPPED: return 'T';
    default:         return 'S';
    }
}

/* The first line: time of day, uptime, and (shmos: the running tasks
 * now) where the load averages go. */
static void print_uptime(int running)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    unsigned long up = (unsigned long)(now_ms() / 1000), t = (unsigned long)ts.tv_sec;
    printf("top - %02lu:%02lu:%02lu up ", t / 3600 % 24, t / 60 % 60, t % 60);
    unsigned long days = up / 86400, hours = up / 3600 % 24, mins = up / 60 % 60;
    if (days)
        printf("%lu day%s, ", days, days == 1 ? "" : "s");
    if (hours)
        printf("%2lu:%02lu,", hours, mins);
    else
        printf("%2lu min,", mins);
    printf("  load average: %d.00, %d.00, %d.00\n", running, running, running);
}

/* Tasks:, %Cpu(s): and the two memory lines. */
static void print_summary(int ntasks, uint64_t busy_ms, uint64_t span_ms)
{
    int count[PS_STOPPED + 1] = { 0 };
    for (int i = 0; i < ntasks; i++)
        count[tasks[i].rec->state]++;
    int running = count[PS_RUNNING] + count[PS_RUNNABLE];
    print_uptime(running);
    printf("Tasks: %3d total, %3d running, %3d sleeping, %3d stopped, %3d zombie\n", ntasks,
           running, count[PS_SLEEPING] + count[PS_EMBRYO], count[PS_STOPPED], count[PS_ZOMBIE]);
    struct meminfo mi;
    if (meminfo(&mi) < 0) {
        perror("top: meminfo");
        exit(1);
    }
    double us = 100.0 * (double)busy_ms / (double)(span_ms * (mi.ncpu ? mi.ncpu : 1));
    us = us > 100.0 ? 100.0 : us;
    printf("%%Cpu(s):%5.1f us,%5.1f sy,%5.1f ni,%5.1f id,%5.1f wa,%5.1f hi,%5.1f si,%5.1f st \n",
           us, 0.0, 0.0, 100.0 - us, 0.0, 0.0, 0.0, 0.0);
    /* As free computes them (user/free.c). */
    double mib = mi.page_size / (1024.0 * 1024.0);
    uint32_t avail = mi.free_pages > mi.reserved_pages ? mi.free_pages - mi.reserved_pages : 0;
    printf("MiB Mem :%9.1f total,%9.1f free,%9.1f used,%9.1f buff/cache     \n",
           mi.total_pages * mib, mi.free_pages * mib, (mi.total_pages - avail) * mib,
           mi.shmem_pages * mib);
    printf("MiB Swap:%9.1f total,%9.1f free,%9.1f used.%9.1f avail Mem \n\n", 0.0, 0.0, 0.0,
           avail * mib);
}

/* pid's mapped address space in KiB (its regions' sizes), or resident
 * KiB if its map may not be read. */
static unsigned long virt_kib(const struct procinfo *p)
{
    static struct vm_region regions[MAX_REGIONS];
    int n = vm_regions(p->pid, regions, MAX_REGIONS);
    if (n < 0)
        return p->pages * (PAGE_SIZE / 1024);
    unsigned long kib = 0;
    for (int i = 0; i < n && i < MAX_REGIONS; i++)
        kib += (regions[i].end - regions[i].start) / 1024;
    return kib;
}

/* The process table, one line a process. */
static void print_table(int ntasks, uint32_t total_pages, int cmdlines)
{
    printf("%5s %-8s %3s %3s %7s %6s %6s %1s %5s %5s %9s %s\n", "PID", "USER", "PR", "NI", "VIRT",
           "RES", "SHR", "S", "%CPU", "%MEM", "TIME+", "COMMAND");
    for (int i = 0; i < ntasks; i++) {
        const struct procinfo *p = tasks[i].rec;
        const struct passwd *pw = getpwuid(p->uid);
        char user[16], cmd[PROC_CMDLINE_MAX];
        if (pw)
            snprintf(user, sizeof(user), "%.8s", pw->pw_name);
        else
            snprintf(user, sizeof(user), "%u", (unsigned)p->uid);
        if (!cmdlines || getcmdline(p->pid, cmd, sizeof(cmd)) <= 0)
            snprintf(cmd, sizeof(cmd), "%.*s", PROC_NAME_MAX, p->name);
        unsigned ms = tasks[i].cpu_ms;
        char time[16];
        snprintf(time, sizeof(time), "%u:%02u.%02u", ms / 60000, ms / 1000 % 60, ms / 10 % 100);
        printf("%5d %-8s %3d %3d %7lu %6lu %6lu %c %5.1f %5.1f %9s %s\n", (int)p->pid, user,
               20 + (int)p->nice, (int)p->nice, virt_kib(p),
               (unsigned long)p->pages * (PAGE_SIZE / 1024),
               (unsigned long)p->shared_pages * (PAGE_SIZE / 1024), state_letter(p->state),
               tasks[i].pcpu, total_pages ? 100.0 * p->pages / total_pages : 0.0, time, cmd);
    }
}

/* A non-negative number from text, or -1. */
static double number_arg(const char *text)
{
    char *end;
    double v = strtod(text, &end);
    return end == text || *end || v < 0 ? -1 : v;
}

int main(int argc, char **argv)
{
    int opt, batch = 0, cmdlines = 0;
    long frames = -1;
    double delay = 3.0;
    if (tool_start(argc, argv, "top", "top [-b] [-c] [-n N] [-d SECS]"))
        return 0;
    while ((opt = getopt(argc, argv, "bcn:d:")) != -1) {
        switch (opt) {
        case 'b': batch = 1; break;
        case 'c': cmdlines = 1; break;
        case 'n': frames = (long)number_arg(optarg); if (frames < 1) return tool_usage(); break;
        case 'd': delay = number_arg(optarg); if (delay < 0) return tool_usage(); break;
        default: return tool_usage();
        }
    }
    if (optind < argc)
        return tool_usage();
    int clear = !batch && isatty(1);
    struct meminfo mi;
    if (meminfo(&mi) < 0 || take_sample(&samples[0]) < 0)
        return 1;
    usleep(FIRST_SAMPLE_MS * 1000);
    for (long f = 0, cur = 1; frames < 0 || f < frames; f++, cur ^= 1) {
        if (take_sample(&samples[cur]) < 0)
            return 1;
        uint64_t busy, span = samples[cur].at_ms - samples[cur ^ 1].at_ms;
        int n = make_tasks(&samples[cur ^ 1], &samples[cur], &busy);
        if (clear)
            printf("\033[H\033[2J");
        print_summary(n, busy, span ? span : 1);
        print_table(n, mi.total_pages, cmdlines);
        fflush(stdout);
        if (frames < 0 || f + 1 < frames) {
            if (!clear)
                printf("\n");
            usleep((useconds_t)(delay * 1e6));
        }
    }
    return 0;
}

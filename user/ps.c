/* ps [-T]: lists the processes (PID, parent, state, the CPU a running one
 * is on, nice value, CPU time used as M:SS.cc, resident and shared memory
 * in KiB, program name, command line); -T lists every thread, its id in
 * a TID column after its process's PID. */
#include <shmos.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define MAX_PROCS PROC_TABLE_SIZE

static const char *state_name(int state)
{
    switch (state) {
    case PS_EMBRYO:   return "embryo";
    case PS_SLEEPING: return "sleeping";
    case PS_RUNNABLE: return "runnable";
    case PS_RUNNING:  return "running";
    case PS_ZOMBIE:   return "zombie";
    case PS_STOPPED:  return "stopped";
    default:          return "?";
    }
}

int main(int argc, char **argv)
{
    static struct procinfo procs[MAX_PROCS];
    bool threads = argc == 2 && strcmp(argv[1], "-T") == 0;
    if (argc > 1 && !threads) {
        fprintf(stderr, "usage: ps [-T]\n");
        return 1;
    }
    int n = getprocs(procs, MAX_PROCS);

    if (n < 0) {
        perror("ps: getprocs");
        return 1;
    }
    printf("%5s ", "PID");
    if (threads)
        printf("%5s ", "TID");
    printf("%5s %-8s %3s %3s %8s %6s %6s %-15s %s\n", "PPID", "STATE", "CPU", "NI", "TIME", "RSS",
           "SHR", "NAME", "CMD");
    for (int i = 0; i < n && i < MAX_PROCS; i++) {
        if (!threads && procs[i].tgid != procs[i].pid)
            continue;               /* a thread of a process listed by its first */
        printf("%5d ", (int)procs[i].tgid);
        if (threads)
            printf("%5d ", (int)procs[i].pid);
        char cpu[12] = "-";
        if (procs[i].cpu >= 0)
            snprintf(cpu, sizeof(cpu), "%d", (int)procs[i].cpu);
        unsigned ms = procs[i].cpu_ms;
        unsigned kib = PAGE_SIZE / 1024;
        char cmd[PROC_CMDLINE_MAX];
        if (getcmdline(procs[i].pid, cmd, sizeof(cmd)) <= 0)    /* gone, or exec'd nothing */
            snprintf(cmd, sizeof(cmd), "[%.*s]", PROC_NAME_MAX, procs[i].name);
        printf("%5d %-8s %3s %3d %2u:%02u.%02u %6u %6u %-15.*s %s\n", (int)procs[i].ppid,
               state_name(procs[i].state), cpu, (int)procs[i].nice, ms / 60000, ms / 1000 % 60,
               ms / 10 % 100, (unsigned)procs[i].pages * kib, (unsigned)procs[i].shared_pages * kib,
               PROC_NAME_MAX, procs[i].name, cmd);
    }
    return 0;
}

/*
 * ipcs - show the IPC objects: the System V shared-memory segments and
 * semaphore sets, in util-linux's sections and columns, and shmos's extra
 * sections for the POSIX shared-memory objects and the named POSIX
 * semaphores (the files of /dev/shm).
 *
 *   ipcs [-a] [-m] [-s]
 *
 *   -m   shared memory: the System V segments, then the POSIX objects
 *   -s   semaphores: the System V sets, then the named POSIX semaphores
 *   -a   all of it (the default): -m, then -s, then the free memory
 *   -h   this help (on stdout)
 *
 * shmos has no message queues: there is no queue section, and -q is a
 * usage error like any other unknown option or an operand (status 2, a
 * usage line on stderr). A section that cannot be read is reported on
 * stderr and the others are still printed; the exit status is then 1.
 *
 * `ipcs` prints (each section opens with a blank line, and one more ends
 * the list; the System V lines are util-linux's to the byte, trailing
 * blanks included):
 *
 *   ------ Shared Memory Segments --------
 *   key        shmid      owner      perms      bytes      nattch     status
 *   0x50430000 64         root       600        48         1
 *   0x00000000 65         root       666        8192       2          dest
 *
 *   ------ POSIX Shared Memory Objects --------
 *   name                     bytes      pages      nmaps
 *   /shmos-shm-posix-5       8192       2          2
 *
 *   ------ Semaphore Arrays --------
 *   key        semid      owner      perms      nsems
 *   0x00005e12 0          root       600        3
 *
 *   ------ POSIX Named Semaphores --------
 *   name                     inode      value      nopen      nwait
 *   /shmos-pc-mutex          66         1          2          0
 *
 *   free pages: 31022 of 32208
 *
 * System V columns: key in hex (0x00000000 for IPC_PRIVATE, for a segment
 * marked for removal, and for the xv6 lab's segments, which share the
 * table); the id ipcrm takes; owner (shmos has one user, uid 0: root);
 * perms, the permission bits in octal (stored, not enforced); bytes as
 * asked at creation; nattch, the attachments in all processes; status
 * "dest" for a segment marked for removal (freed at its last detach),
 * blank otherwise; nsems, the semaphores in the set. POSIX columns: the
 * name as sem_open / shm_open take it; pages, what the object's file
 * holds; nmaps and nopen, the mappings of the file in all processes (a
 * named semaphore is one mapping per process that has it open); inode,
 * the file's (not an id: ipcrm -s takes the name); value and nwait, the
 * semaphore's count and the processes counted as waiting in sem_wait. An
 * unlinked object is no longer listed. No field contains a blank, so
 * `awk '$2 == 64 { print $6 }'` gives a segment's nattch.
 *
 * The same source builds for Linux (build/host/ipcs): there the POSIX
 * mapping counts and nwait are "-" and there is no free-memory line.
 */
#ifndef __shmos__
#define _DEFAULT_SOURCE     /* SHM_DEST, SHM_LOCKED, st_blocks under -std=c11 */
#endif
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "sysvipc.h"
#ifdef __shmos__
#include <shmos.h>
#else
#include <pwd.h>
#endif

#define SHM_DIR "/dev/shm"
#define SEM_FILE_PREFIX "sem."      /* how libc names a named semaphore's file */

#ifndef SHM_LOCKED
#define SHM_LOCKED 0                /* shmos does not lock segments in memory */
#endif

static int status;                  /* the exit status: 1 once a section failed */

static void usage(FILE *to)
{
    fprintf(to, "usage: ipcs [-a] [-m] [-s]\n");
}

/* Reports that what could not be read (errno says why); the exit status
 * becomes 1. */
static void failed(const char *what)
{
    fprintf(stderr, "ipcs: %s: %s\n", what, strerror(errno));
    status = 1;
}

/* Prints the blank line and title that open a section. */
static void section(const char *title)
{
    printf("\n------ %s --------\n", title);
}

/* The owner column for uid: the user's name (root on shmos). */
static const char *owner(unsigned uid, char *buf, size_t size)
{
#ifdef __shmos__
    if (uid == 0)
        return "root";
#else
    const struct passwd *pw = getpwuid(uid);
    if (pw)
        return pw->pw_name;
#endif
    snprintf(buf, size, "%u", uid);
    return buf;
}

/* Visitor: one line for System V segment id. Always 0 (go on). */
static int print_shm(int id, const struct shmid_ds *ds, void *arg)
{
    (void)arg;
    char ob[16];
    const struct ipc_perm *p = &ds->shm_perm;
    printf("0x%08x %-10d %-10.10s %-10o %-10lu %-10lu %-6s %-6s\n",
           (unsigned)p->__key, id, owner(p->uid, ob, sizeof ob), (unsigned)p->mode & 0777,
           (unsigned long)ds->shm_segsz, (unsigned long)ds->shm_nattch,
           (p->mode & SHM_DEST) ? "dest" : " ", (p->mode & SHM_LOCKED) ? "locked" : " ");
    return 0;
}

/* Visitor: one line for System V semaphore set id. Always 0 (go on). */
static int print_sem(int id, const struct semid_ds *ds, void *arg)
{
    (void)arg;
    char ob[16];
    const struct ipc_perm *p = &ds->sem_perm;
    printf("0x%08x %-10d %-10.10s %-10o %-10lu\n",
           (unsigned)p->__key, id, owner(p->uid, ob, sizeof ob), (unsigned)p->mode & 0777,
           (unsigned long)ds->sem_nsems);
    return 0;
}

/* One line for the named semaphore /name, whose file is path (st its
 * status); nothing if it went meanwhile or is not yet set up. */
static void print_posix_sem(const char *path, const char *name, const struct stat *st)
{
#ifdef __shmos__
    sem_t s;                        /* read from the file: no mapping of our own */
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return;
    ssize_t r = pread(fd, &s, sizeof s, 0);
    close(fd);
    if (r != (ssize_t)sizeof s)
        return;
    printf("/%-23s %-10lu %-10u %-10u %u\n", name, (unsigned long)st->st_ino, s.__value,
           (unsigned)st->st_nmap, s.__nwaiters);
#else
    (void)path;
    char full[NAME_MAX + 2];
    int value;
    snprintf(full, sizeof full, "/%s", name);
    sem_t *s = sem_open(full, 0);
    if (s == SEM_FAILED)
        return;
    int r = sem_getvalue(s, &value);
    sem_close(s);
    if (r < 0)
        return;
    printf("/%-23s %-10lu %-10d %-10s %s\n", name, (unsigned long)st->st_ino, value, "-", "-");
#endif
}

/* One line for the POSIX shared-memory object /name (st its file's status). */
static void print_posix_shm(const char *name, const struct stat *st)
{
#ifdef __shmos__
    printf("/%-23s %-10ld %-10ld %u\n", name, (long)st->st_size, (long)st->st_blocks / 8,
           (unsigned)st->st_nmap);
#else
    printf("/%-23s %-10ld %-10ld %s\n", name, (long)st->st_size, (long)st->st_blocks / 8, "-");
#endif
}

/* One line per file of /dev/shm that is a named semaphore (sems: 1) or a
 * POSIX shared-memory object (sems: 0). Reports a directory it cannot read. */
static void list_dev_shm(int sems)
{
    DIR *d = opendir(SHM_DIR);
    if (!d) {
        failed(SHM_DIR);
        return;
    }
    const struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        char path[sizeof SHM_DIR + NAME_MAX + 1];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", SHM_DIR, e->d_name);
        if (stat(path, &st) < 0 || !S_ISREG(st.st_mode))
            continue;               /* gone meanwhile, or not an object */
        int is_sem = strncmp(e->d_name, SEM_FILE_PREFIX, sizeof SEM_FILE_PREFIX - 1) == 0;
        if (is_sem != sems)
            continue;
        if (sems)
            print_posix_sem(path, e->d_name + sizeof SEM_FILE_PREFIX - 1, &st);
        else
            print_posix_shm(e->d_name, &st);
    }
    closedir(d);
}

/* The shared-memory sections: System V segments, then POSIX objects. */
static void show_shm(void)
{
    section("Shared Memory Segments");
    printf("%-10s %-10s %-10s %-10s %-10s %-10s %-12s\n",
           "key", "shmid", "owner", "perms", "bytes", "nattch", "status");
    if (sysv_each_shm(print_shm, NULL) < 0)
        failed("System V segments");
    section("POSIX Shared Memory Objects");
    printf("%-24s %-10s %-10s %s\n", "name", "bytes", "pages", "nmaps");
    list_dev_shm(0);
}

/* The semaphore sections: System V sets, then named POSIX semaphores. */
static void show_sem(void)
{
    section("Semaphore Arrays");
    printf("%-10s %-10s %-10s %-10s %-10s\n", "key", "semid", "owner", "perms", "nsems");
    if (sysv_each_sem(print_sem, NULL) < 0)
        failed("System V semaphore sets");
    section("POSIX Named Semaphores");
    printf("%-24s %-10s %-10s %-10s %s\n", "name", "inode", "value", "nopen", "nwait");
    list_dev_shm(1);
}

/* The free-memory line of the full listing (shmos only). */
static void show_memory(void)
{
#ifdef __shmos__
    struct meminfo mi;
    if (meminfo(&mi) < 0)
        failed("meminfo");
    else
        printf("free pages: %u of %u\n", (unsigned)mi.free_pages, (unsigned)mi.total_pages);
#endif
}

int main(int argc, char **argv)
{
    int shm = 0, sem = 0, all = 0, c;
    opterr = 0;                     /* the usage line says it all */
    while ((c = getopt(argc, argv, "+amsh")) != -1) {
        switch (c) {
        case 'a': all = 1; break;
        case 'm': shm = 1; break;
        case 's': sem = 1; break;
        case 'h': usage(stdout); return 0;
        default:
            if (optopt == 'q')
                fprintf(stderr, "ipcs: -q: shmos has no message queues\n");
            else
                fprintf(stderr, "ipcs: unknown option -%c\n", optopt);
            usage(stderr);
            return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "ipcs: unexpected argument '%s'\n", argv[optind]);
        usage(stderr);
        return 2;
    }
    if (!shm && !sem)
        all = 1;
    if (all || shm)
        show_shm();
    if (all || sem)
        show_sem();
    printf("\n");
    if (all)
        show_memory();
    if (fflush(stdout) != 0) {
        fprintf(stderr, "ipcs: write: %s\n", strerror(errno));
        return 1;
    }
    return status;
}

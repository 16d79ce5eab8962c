/*
 * ipcs - list the POSIX shared-memory objects (the files of /dev/shm), the
 * shared-memory segments (shm_list), the named semaphores (the files
 * /dev/shm/sem.NAME, each holding a sem_t) and the free memory (meminfo).
 *
 * Output: a header line and one line per POSIX object; a header line and
 * one line per segment; a header line and one line per semaphore; then a
 * summary line:
 *
 *   posix-shm                     size  pages  nmaps
 *   /shmos-shm-posix-5            8192      2      2
 *   id         size    pages  nattch   cpid  key         status
 *   64         8192        2       1      5  0x00000000  -
 *   semid      value  nopen  nwait  status  name
 *   65             1      2      0  -       /shmos-pc-mutex
 *   free pages: 31022 of 32208
 *
 * The columns are separated by blanks and no field ever contains one, so
 * `awk '{print $4}'` gives nattch.  size is in bytes as requested at
 * creation; pages is what the segment really holds; nattch counts the
 * attachments in all processes (the lab's nused); key is the System V key
 * (0 for xv6 and private segments); status is "dest" when the segment is
 * marked for removal (freed at its last detach), "-" otherwise.  For a
 * semaphore: semid is its file's inode number, nopen counts the processes
 * that have it open (the mappings of its file), nwait those counted as
 * waiting in sem_wait; an unlinked semaphore is no longer listed.  A POSIX object's pages are what its file holds, nmaps the
 * mappings of it in all processes.  POSIX lines have 4 fields, segment
 * lines 7, semaphore lines 6.  Every header is printed even when there is
 * nothing to list.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <semaphore.h>
#include <unistd.h>
#include <shmos.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define SHM_DIR "/dev/shm"

#define SEM_FILE_PREFIX "sem."      /* how libc names a semaphore's file */

/* One line for the named semaphore in file path (st its status). */
static void print_sem(const char *path, const char *name, const struct stat *st)
{
    sem_t s;
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return;                     /* unlinked meanwhile */
    ssize_t r = pread(fd, &s, sizeof s, 0);
    close(fd);
    if (r != (ssize_t)sizeof s)
        return;                     /* not yet written by its creator */
    printf("%-10lu %5u %6u %6u  %-6s  /%s\n", (unsigned long)st->st_ino, s.__value,
           (unsigned)st->st_nmap, s.__nwaiters, "-", name);
}

/* One line per file of /dev/shm that is a POSIX shared-memory object
 * (sems: 0), or that is a named semaphore (sems: 1). 0, or -1 (reported)
 * if the directory cannot be read. */
static int list_dev_shm(int sems)
{
    DIR *d = opendir(SHM_DIR);
    if (!d) {
        fprintf(stderr, "ipcs: %s: %s\n", SHM_DIR, strerror(errno));
        return -1;
    }
    struct dirent *e;
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
            print_sem(path, e->d_name + sizeof SEM_FILE_PREFIX - 1, &st);
        else
            printf("/%-23s %9ld %6ld %6u\n", e->d_name, st.st_size, st.st_blocks / 8,
                   (unsigned)st.st_nmap);
    }
    closedir(d);
    return 0;
}

/* Larger than the kernel's table (64), so a listing is never cut short. */
#define MAX_RECORDS 128

static struct shminfo_rec records[MAX_RECORDS];

int main(int argc, char **argv)
{
    if (argc != 1) {
        fprintf(stderr, "usage: %s\n", argv[0]);
        return 2;
    }
    int n = shm_list(records, MAX_RECORDS);
    if (n < 0) {
        fprintf(stderr, "ipcs: shm_list: %s\n", strerror(errno));
        return 1;
    }
    struct meminfo mi;
    if (meminfo(&mi) < 0) {
        fprintf(stderr, "ipcs: meminfo: %s\n", strerror(errno));
        return 1;
    }

    printf("%-24s %9s %6s %6s\n", "posix-shm", "size", "pages", "nmaps");
    if (list_dev_shm(0) < 0)
        return 1;
    printf("%-10s %7s %6s %7s %6s  %-10s  %s\n",
           "id", "size", "pages", "nattch", "cpid", "key", "status");
    for (int i = 0; i < n; i++) {
        const struct shminfo_rec *r = &records[i];
        printf("%-10d %7u %6u %7u %6d  0x%08x  %s\n",
               (int)r->id, (unsigned)r->size, (unsigned)r->npages,
               (unsigned)r->nattach, (int)r->cpid, (unsigned)r->key,
               (r->flags & SHMINFO_REMOVED) ? "dest" : "-");
    }
    printf("%-10s %5s %6s %6s  %-6s  %s\n", "semid", "value", "nopen", "nwait", "status", "name");
    if (list_dev_shm(1) < 0)
        return 1;
    printf("free pages: %u of %u\n", (unsigned)mi.free_pages,
           (unsigned)mi.total_pages);
    if (fflush(stdout) != 0) {
        fprintf(stderr, "ipcs: write: %s\n", strerror(errno));
        return 1;
    }
    return 0;
}

/* The types of struct timespec, struct stat and struct shmid_ds print with
 * the formats glibc programs use (-Wformat is an error here): time_t and
 * off_t are long, shm_segsz a size_t, shm_nattch a shmatt_t (unsigned
 * long). key_t comes from both <sys/types.h> and <sys/ipc.h> without a
 * conflict. */
#include <inttypes.h>
#include <stdio.h>
#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <time.h>

int main(void)
{
    struct timespec ts = { 0, 0 };
    struct stat st = { 0 };
    struct shmid_ds ds = { 0 };
    key_t key = IPC_PRIVATE;
    int64_t big = 1;
    uint16_t small = 0;
    int n = 0;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    printf("%ld.%09ld %ld\n", ts.tv_sec, ts.tv_nsec, st.st_size);
    printf("%zu %lu %d %d %ld\n", ds.shm_segsz, ds.shm_nattch, ds.shm_cpid, (int)key, ds.shm_atime);
    printf("%" PRId64 " %" PRIu16 " %" PRIxPTR "%n\n", big, small, (uintptr_t)&n, &n);
    sscanf("1 2", "%" SCNd64 " %" SCNu16, &big, &small);
    return 0;
}

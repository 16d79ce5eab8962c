/* System V semaphores: semget / semop / semctl (being written). */
#include "syscall_proto.h"
#include "lib.h"

long sys_semget(int32_t key, int nsems, int semflg)
{
    (void)key, (void)nsems, (void)semflg;
    return -ENOSYS;
}

long sys_semtimedop(int id, uaddr_t sops, uint32_t nsops, uaddr_t timeout)
{
    (void)id, (void)sops, (void)nsops, (void)timeout;
    return -ENOSYS;
}

long sys_semctl(int id, int semnum, int cmd, uint32_t arg)
{
    (void)id, (void)semnum, (void)cmd, (void)arg;
    return -ENOSYS;
}

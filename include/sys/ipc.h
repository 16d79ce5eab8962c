/* System V IPC: keys, flags and commands (Linux's values). */
#ifndef _SYS_IPC_H
#define _SYS_IPC_H
#include <sys/types.h>
#include <shmos/ipc.h>
/* A key derived from a file's identity and a project byte. Returns -1 with
 * errno set if path cannot be opened. */
key_t ftok(const char *path, int proj_id);
#endif

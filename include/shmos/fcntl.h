/* open() flags and lseek() whence values (Linux's numbers). */
#ifndef SHMOS_FCNTL_H
#define SHMOS_FCNTL_H
#define O_RDONLY    0x0000
#define O_WRONLY    0x0001
#define O_RDWR      0x0002
#define O_ACCMODE   0x0003
#define O_CREAT     0x0040
#define O_EXCL      0x0080
#define O_TRUNC     0x0200
#define O_APPEND    0x0400
#define O_DIRECTORY 0x10000
#define O_CLOEXEC   0x80000
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#endif

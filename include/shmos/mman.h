/* mmap, mprotect and msync flags (Linux's i386 numbers), shared by the
 * kernel and the C library. */
#ifndef SHMOS_MMAN_H
#define SHMOS_MMAN_H
#define PROT_NONE  0x0
#define PROT_READ  0x1
#define PROT_WRITE 0x2
#define PROT_EXEC  0x4

#define MAP_SHARED          0x01
#define MAP_PRIVATE         0x02
#define MAP_SHARED_VALIDATE 0x03    /* MAP_SHARED, refusing unknown flags */
#define MAP_TYPE            0x0f
#define MAP_FIXED           0x10
#define MAP_ANONYMOUS       0x20
#define MAP_ANON            MAP_ANONYMOUS
#define MAP_NORESERVE       0x4000  /* accepted; shmos always reserves */
#define MAP_POPULATE        0x8000  /* accepted; shmos maps every present page at once */
#define MAP_FIXED_NOREPLACE 0x100000

#define MS_ASYNC      1
#define MS_INVALIDATE 2
#define MS_SYNC       4
#endif

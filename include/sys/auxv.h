/* The auxiliary vector the kernel passed to this program (shmos/auxv.h). */
#ifndef _SYS_AUXV_H
#define _SYS_AUXV_H
#include <shmos/auxv.h>
/* The value of the first entry of this type, or 0 (errno ENOENT) if none. */
unsigned long getauxval(unsigned long type);
#endif

/* Records returned by getdents(fd, buf, n): packed one after another,
 * each d_reclen bytes long (a multiple of 4). */
#ifndef SHMOS_DIRENT_H
#define SHMOS_DIRENT_H
#include <stdint.h>
#define SHMOS_NAME_MAX 255
struct shmos_dirent {
    uint32_t d_ino;
    uint16_t d_reclen;
    uint8_t  d_type;       /* DT_REG, DT_DIR or DT_CHR */
    char     d_name[SHMOS_NAME_MAX + 1];  /* NUL-terminated; record may be shorter */
};
#define DT_CHR 2
#define DT_DIR 4
#define DT_REG 8
#endif

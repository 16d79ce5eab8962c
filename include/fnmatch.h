/* fnmatch: shell wildcard patterns (POSIX). */
#ifndef _FNMATCH_H
#define _FNMATCH_H

#define FNM_NOMATCH  1
#define FNM_NOESCAPE 0x01   /* '\' is an ordinary character */
#define FNM_PATHNAME 0x02   /* '/' is matched only by a '/' in the pattern */
#define FNM_PERIOD   0x04   /* a leading '.' is matched only by a '.' */

/* 0 if string matches pattern (* ? [...] [!...] \c), else FNM_NOMATCH. */
int fnmatch(const char *pattern, const char *string, int flags);
#endif

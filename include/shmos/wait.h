/* Wait status encoding (Linux's): exit code in bits 8-15, or the signal that
 * killed the process in bits 0-6; a stopped child reports 0x7f with the
 * stopping signal in bits 8-15, a continued one 0xffff. waitpid() options. */
#ifndef SHMOS_WAIT_H
#define SHMOS_WAIT_H
#define WNOHANG 1
#define WUNTRACED 2     /* also report stopped children */
#define WCONTINUED 8    /* also report continued children */
#define W_EXITCODE(code, sig) ((((code) & 0xff) << 8) | ((sig) & 0x7f))
#define WIFEXITED(s)   (((s) & 0x7f) == 0)
#define WEXITSTATUS(s) (((s) >> 8) & 0xff)
#define WIFSIGNALED(s) (((s) & 0x7f) != 0 && ((s) & 0x7f) != 0x7f)
#define W_STOPCODE(sig) (((sig) << 8) | 0x7f)
#define W_CONTINUED    0xffff
#define WTERMSIG(s)    ((s) & 0x7f)
#endif

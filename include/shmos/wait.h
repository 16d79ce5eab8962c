/* Wait status encoding (Linux's): exit code in bits 8-15, or the signal that
 * killed the process in bits 0-6. waitpid() options. */
#ifndef SHMOS_WAIT_H
#define SHMOS_WAIT_H
#define WNOHANG 1
#define WUNTRACED 2     /* accepted; nothing ever stops on shmos */
#define W_EXITCODE(code, sig) ((((code) & 0xff) << 8) | ((sig) & 0x7f))
#define WIFEXITED(s)   (((s) & 0x7f) == 0)
#define WEXITSTATUS(s) (((s) >> 8) & 0xff)
#define WIFSIGNALED(s) (((s) & 0x7f) != 0)
#define WTERMSIG(s)    ((s) & 0x7f)
#endif

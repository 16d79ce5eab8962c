/* Non-local jumps. longjmp returns to the setjmp that filled env, whose
 * function must not have returned; setjmp then returns val (1 if val is 0).
 * Only the callee-saved registers are restored, as the C standard allows:
 * locals changed after setjmp must be volatile to keep their new values.
 * There are no signal masks, so sigsetjmp/siglongjmp are the same calls. */
#ifndef _SETJMP_H
#define _SETJMP_H

/* ebx, esi, edi, ebp, esp, eip (see libc/setjmp.S). */
typedef struct {
    unsigned long __regs[6];
} jmp_buf[1];
typedef jmp_buf sigjmp_buf;

int setjmp(jmp_buf env) __attribute__((returns_twice));
_Noreturn void longjmp(jmp_buf env, int val);
#define sigsetjmp(env, savemask) setjmp(env)
#define siglongjmp(env, val)     longjmp(env, val)
#endif

/* assert(): on failure prints "assertion failed: EXPR, file FILE, line N"
 * to stderr and aborts. Disabled by NDEBUG. Deliberately not include-guarded
 * (the C standard lets NDEBUG change between inclusions). */
#undef assert
#ifdef NDEBUG
#define assert(e) ((void)0)
#else
#define assert(e) ((e) ? (void)0 : __assert_fail(#e, __FILE__, __LINE__))
#endif
#ifndef _ASSERT_H
#define _ASSERT_H
#define static_assert _Static_assert
_Noreturn void __assert_fail(const char *expr, const char *file, int line);
#endif

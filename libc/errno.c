/* errno and the messages that describe its values (signal messages are in
 * signal.c). */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

__thread int errno;

/* Linux's wording, so that messages read the same on both systems. */
static const char *const error_messages[] = {
    [0]            = "Success",
    [EPERM]        = "Operation not permitted",
    [ENOENT]       = "No such file or directory",
    [ESRCH]        = "No such process",
    [EINTR]        = "Interrupted system call",
    [EIO]          = "Input/output error",
    [ENXIO]        = "No such device or address",
    [E2BIG]        = "Argument list too long",
    [ENOEXEC]      = "Exec format error",
    [EBADF]        = "Bad file descriptor",
    [ECHILD]       = "No child processes",
    [EAGAIN]       = "Resource temporarily unavailable",
    [ENOMEM]       = "Cannot allocate memory",
    [EACCES]       = "Permission denied",
    [EFAULT]       = "Bad address",
    [EBUSY]        = "Device or resource busy",
    [EEXIST]       = "File exists",
    [EXDEV]        = "Invalid cross-device link",
    [ENODEV]       = "No such device",
    [ENOTDIR]      = "Not a directory",
    [EISDIR]       = "Is a directory",
    [EINVAL]       = "Invalid argument",
    [ENFILE]       = "Too many open files in system",
    [EMFILE]       = "Too many open files",
    [ENOTTY]       = "Inappropriate ioctl for device",
    [ETXTBSY]      = "Text file busy",
    [EFBIG]        = "File too large",
    [ENOSPC]       = "No space left on device",
    [ESPIPE]       = "Illegal seek",
    [EROFS]        = "Read-only file system",
    [EMLINK]       = "Too many links",
    [EPIPE]        = "Broken pipe",
    [EDOM]         = "Numerical argument out of domain",
    [ERANGE]       = "Numerical result out of range",
    [EDEADLK]      = "Resource deadlock avoided",
    [ENAMETOOLONG] = "File name too long",
    [ENOSYS]       = "Function not implemented",
    [ENOTEMPTY]    = "Directory not empty",
    [ELOOP]        = "Too many levels of symbolic links",
    [EIDRM]        = "Identifier removed",
    [EOVERFLOW]    = "Value too large for defined data type",
    [EILSEQ]       = "Invalid or incomplete multibyte or wide character",
    [ENOTSUP]      = "Operation not supported",
    [ETIMEDOUT]    = "Connection timed out",
};

/* Returns a message for err; an unknown number gets "Unknown error N" in a
 * static buffer that the next such call overwrites. */
char *strerror(int err)
{
    static __thread char unknown[32];   /* each thread's own */
    size_t count = sizeof error_messages / sizeof error_messages[0];

    if (err >= 0 && (size_t)err < count && error_messages[err])
        return (char *)error_messages[err];
    snprintf(unknown, sizeof unknown, "Unknown error %d", err);
    return unknown;
}

int strerror_r(int err, char *buf, size_t size)
{
    size_t count = sizeof error_messages / sizeof error_messages[0];
    bool known = err >= 0 && (size_t)err < count && error_messages[err];
    const char *msg = strerror(err);    /* an unknown one's text is this thread's own */
    size_t n = strlen(msg);
    if (size == 0)
        return ERANGE;
    size_t k = n < size - 1 ? n : size - 1;
    memcpy(buf, msg, k);
    buf[k] = '\0';
    return !known ? EINVAL : n >= size ? ERANGE : 0;
}

/* The environment: crt0 stores the kernel-provided envp in environ. setenv
 * and friends replace that array with a malloc'ed copy the first time they
 * change it. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char **environ;

/* The array setenv last allocated (environ still points to it unless the
 * program assigned environ itself). */
static char **env_owned;

/* Length of a valid variable name (not empty, no '='), or 0 with EINVAL. */
static size_t name_length(const char *name)
{
    size_t len = name ? strlen(name) : 0;

    if (len == 0 || strchr(name, '=')) {
        errno = EINVAL;
        return 0;
    }
    return len;
}

/* The slot of environ holding "NAME=..." (name is len bytes), or NULL. */
static char **find(const char *name, size_t len)
{
    for (char **e = environ; e && *e; e++)
        if (strncmp(*e, name, len) == 0 && (*e)[len] == '=')
            return e;
    return NULL;
}

/* Returns the value of NAME in "NAME=value", or NULL if it is not set. */
char *getenv(const char *name)
{
    size_t len = strlen(name);

    if (len == 0 || strchr(name, '='))
        return NULL;
    char **e = find(name, len);
    return e ? *e + len + 1 : NULL;
}

/* Appends entry to environ, in an array of our own; returns 0, or -1 with
 * ENOMEM. */
static int append(char *entry)
{
    size_t n = 0;

    while (environ && environ[n])
        n++;
    char **grown = environ == env_owned ? realloc(env_owned, (n + 2) * sizeof *grown)
                                        : malloc((n + 2) * sizeof *grown);
    if (!grown)
        return -1;
    if (environ != env_owned && n > 0)
        memcpy(grown, environ, n * sizeof *grown);
    grown[n] = entry;
    grown[n + 1] = NULL;
    environ = env_owned = grown;
    return 0;
}

/* Puts entry ("NAME=value", NAME being len bytes) in the environment in
 * place of any NAME already there. */
static int put(char *entry, size_t len)
{
    char **e = find(entry, len);

    if (e) {
        *e = entry;
        return 0;
    }
    return append(entry);
}

int setenv(const char *name, const char *value, int overwrite)
{
    size_t len = name_length(name);

    if (len == 0)
        return -1;
    if (!overwrite && find(name, len))
        return 0;
    size_t vlen = strlen(value);
    char *entry = malloc(len + vlen + 2);
    if (!entry)
        return -1;
    memcpy(entry, name, len);
    entry[len] = '=';
    memcpy(entry + len + 1, value, vlen + 1);
    if (put(entry, len) < 0) {
        free(entry);
        return -1;
    }
    return 0;
}

/* Removes every "NAME=..." entry (the strings are not freed). */
int unsetenv(const char *name)
{
    size_t len = name_length(name);
    char **e;

    if (len == 0)
        return -1;
    while ((e = find(name, len)))
        do
            e[0] = e[1];
        while (*e++);
    return 0;
}

/* A string without '=' removes that variable, as glibc does. */
int putenv(char *string)
{
    char *eq = strchr(string, '=');

    if (!eq)
        return unsetenv(string);
    if (eq == string) {
        errno = EINVAL;
        return -1;
    }
    return put(string, (size_t)(eq - string));
}

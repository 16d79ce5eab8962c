/* The environment: crt0 stores the kernel-provided envp in environ. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char **environ;

/* Returns the value of NAME in "NAME=value", or NULL if it is not set. */
char *getenv(const char *name)
{
    size_t len = strlen(name);

    if (!environ || len == 0 || strchr(name, '='))
        return NULL;
    for (char **e = environ; *e; e++)
        if (strncmp(*e, name, len) == 0 && (*e)[len] == '=')
            return *e + len + 1;
    return NULL;
}

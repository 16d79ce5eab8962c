/* vars.c - shell variables. A variable is either exported (it lives in the
 * environment, which the shell's commands inherit) or the shell's own
 * (kept here, seen only by expansions). NAME=value changes an exported
 * variable in the environment and otherwise sets a shell variable;
 * `export` moves a variable into the environment; `unset` removes it from
 * both. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sh.h"

#define MAX_VARS 64

static struct {
    char *name, *value;     /* malloc'd */
} vars[MAX_VARS];
static int nvars;

int var_name_ok(const char *name)
{
    if (!(*name == '_' || (*name >= 'A' && *name <= 'Z') || (*name >= 'a' && *name <= 'z')))
        return 0;
    for (const char *p = name + 1; *p; p++)
        if (!(*p == '_' || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')
              || (*p >= '0' && *p <= '9')))
            return 0;
    return 1;
}

/* The index of shell variable name in vars[], or -1. */
static int find(const char *name)
{
    for (int i = 0; i < nvars; i++)
        if (strcmp(vars[i].name, name) == 0)
            return i;
    return -1;
}

/* Forgets shell variable i. */
static void drop(int i)
{
    free(vars[i].name);
    free(vars[i].value);
    vars[i] = vars[--nvars];
}

const char *var_get(const char *name)
{
    int i = find(name);
    return i >= 0 ? vars[i].value : getenv(name);
}

int var_set(const char *name, const char *value)
{
    if (!var_name_ok(name)) {
        fprintf(stderr, "sh: %s: not a valid variable name\n", name);
        return -1;
    }
    if (getenv(name)) {
        if (setenv(name, value, 1) == 0)
            return 0;
        perror("sh: setenv");
        return -1;
    }
    int i = find(name);
    char *copy = strdup(value);
    if (!copy || (i < 0 && nvars == MAX_VARS)) {
        free(copy);
        fprintf(stderr, "sh: %s: no room for another variable\n", name);
        return -1;
    }
    if (i < 0) {
        if (!(vars[nvars].name = strdup(name))) {
            free(copy);
            fprintf(stderr, "sh: %s: no room for another variable\n", name);
            return -1;
        }
        i = nvars++;
    } else {
        free(vars[i].value);
    }
    vars[i].value = copy;
    return 0;
}

int var_assign(const char *assignment)
{
    char name[64];
    size_t n = strcspn(assignment, "=");
    if (n >= sizeof name) {
        fprintf(stderr, "sh: %.*s: name too long\n", (int)n, assignment);
        return -1;
    }
    memcpy(name, assignment, n);
    name[n] = '\0';
    return var_set(name, assignment + n + 1);
}

int var_export(const char *name, const char *value)
{
    if (!var_name_ok(name)) {
        fprintf(stderr, "sh: export: %s: not a valid variable name\n", name);
        return -1;
    }
    int i = find(name);
    if (!value && i >= 0)
        value = vars[i].value;
    /* "export NAME" of an unset NAME: nothing to put in the environment
     * (dash and bash then export it once it gets a value; here it must be
     * given one with export NAME=value). */
    if (value && setenv(name, value, 1) < 0) {
        perror("sh: export");
        return -1;
    }
    if (i >= 0)
        drop(i);
    return 0;
}

void var_unset(const char *name)
{
    int i = find(name);
    if (i >= 0)
        drop(i);
    unsetenv(name);
}

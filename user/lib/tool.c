/* The shared preamble of the text tools: see include/portable/tool.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "tool.h"

const char *tool_name = "tool";
static const char *tool_usage_line = "";

int tool_start(int argc, char **argv, const char *name, const char *usage)
{
    tool_name = name;
    tool_usage_line = usage;
    if (argc > 1 && strcmp(argv[1], "--help") == 0) {
        printf("usage: %s\n", usage);
        return 1;
    }
    return 0;
}

int tool_usage(void)
{
    fprintf(stderr, "usage: %s\n", tool_usage_line);
    return 2;
}

FILE *tool_open(const char *file)
{
    if (strcmp(file, "-") == 0)
        return stdin;
    FILE *f = fopen(file, "r");
    if (!f)
        fprintf(stderr, "%s: %s: %s\n", tool_name, file, strerror(errno));
    return f;
}

void tool_close(FILE *f)
{
    if (f != stdin)
        fclose(f);
}

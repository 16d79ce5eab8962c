/* yes [STRING...]: prints the strings joined by spaces ("y" if none) on
 * line after line until the output is closed. Exits 2 on an option.
 * ("--" first: the strings follow). */
#include <stdio.h>
#include <string.h>
#include "tool.h"

int main(int argc, char **argv)
{
    char line[4096] = "";
    size_t len = 0;

    if (tool_start(argc, argv, "yes", "yes [STRING...]"))
        return 0;
    int first = 1;
    if (argc > 1 && strcmp(argv[1], "--") == 0)
        first = 2;
    else if (argc > 1 && argv[1][0] == '-' && argv[1][1])
        return tool_usage();             /* yes has no options */
    for (int i = first; i < argc; i++) {
        size_t n = strlen(argv[i]);
        if (len + n + 2 > sizeof line)
            break;
        if (i > first)
            line[len++] = ' ';
        memcpy(line + len, argv[i], n);
        len += n;
    }
    if (first >= argc)
        line[len++] = 'y';
    line[len++] = '\n';
    while (fwrite(line, 1, len, stdout) == len)
        ;
    return 1;
}

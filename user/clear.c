/* clear: clears the terminal (the ANSI sequences xterm's clear sends:
 * cursor home, erase the screen, erase the scrollback). */
#include <stdio.h>
#include "tool.h"

int main(int argc, char **argv)
{
    if (tool_start(argc, argv, "clear", "clear"))
        return 0;
    if (argc > 1)
        return tool_usage();
    fputs("\033[H\033[2J\033[3J", stdout);
    return 0;
}

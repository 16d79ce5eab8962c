/* vmmap: another name for pmap (the name some systems give the tool that
 * prints a process's memory map): runs /bin/pmap with the same arguments. */
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    (void)argc;
    argv[0] = "pmap";
    execv("/bin/pmap", argv);
    perror("vmmap: /bin/pmap");
    return 127;
}

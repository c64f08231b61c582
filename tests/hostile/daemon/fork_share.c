/* Hostile: a daemon that outlives its parent: fork, setsid, fork again,
 * then the grandchild loops forever while the original process exits 0. */
#include <stdlib.h>
#include <unistd.h>

int main(void)
{
    if (fork() != 0)
        return 0;
    setsid();
    if (fork() != 0)
        _exit(0);
    for (;;)
        sleep(1);
}

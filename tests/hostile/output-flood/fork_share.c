/* Hostile: 1 GiB on standard output, then the same on standard error. */
#include <string.h>
#include <unistd.h>

int main(void)
{
    static char block[1 << 20];
    int i;

    memset(block, 'x', sizeof block);
    for (i = 0; i < 1024; i++)
        if (write(STDOUT_FILENO, block, sizeof block) == -1)
            break;
    for (i = 0; i < 1024; i++)
        if (write(STDERR_FILENO, block, sizeof block) == -1)
            break;
    return 0;
}

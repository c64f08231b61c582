/* Hostile: eight children and the parent all spin forever. */
#include <unistd.h>

int main(void)
{
    volatile unsigned long n = 0;
    int i;

    for (i = 0; i < 8; i++)
        if (fork() == 0)
            break;
    for (;;)
        n++;
}

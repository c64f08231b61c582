/* Hostile: stops itself with SIGSTOP; nobody will continue it. */
#include <signal.h>

int main(void)
{
    raise(SIGSTOP);
    return 0;
}

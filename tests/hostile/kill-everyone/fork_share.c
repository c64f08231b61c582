/* Hostile: tries to kill its parent, process 1, and every process it may
 * signal (kill(-1)), then exits 0. */
#include <signal.h>
#include <unistd.h>

int main(void)
{
    kill(getppid(), SIGKILL);
    kill(1, SIGKILL);
    signal(SIGTERM, SIG_IGN);
    kill(-1, SIGTERM);
    kill(-1, SIGKILL); /* a process does not receive its own kill(-1) */
    return 0;
}

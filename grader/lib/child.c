/*
 * child.c - see child.h.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>

#include "child.h"

double child_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int child_wait(pid_t pid, double deadline, int *status, void (*at_deadline)(void *), void *ctx)
{
    long nap = 200; /* microseconds: short at first, for the quick programs */

    for (;;) {
        struct timespec ts = {0, nap * 1000L};
        pid_t w = waitpid(pid, status, WNOHANG);

        if (w == pid)
            return 0;
        if (w == -1 && errno != EINTR)
            return -1;
        if (child_now() > deadline) {
            if (at_deadline != NULL)
                at_deadline(ctx);
            kill(-pid, SIGKILL);
            kill(pid, SIGKILL);
            while (waitpid(pid, status, 0) == -1 && errno == EINTR)
                ;
            return 1;
        }
        nanosleep(&ts, NULL);
        if (nap < 5000)
            nap *= 2;
    }
}

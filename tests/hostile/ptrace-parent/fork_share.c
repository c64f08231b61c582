/* Hostile (issue 12, finding 1): a process may trace any other process of
 * its uid: the grader's test process, the sandbox's init, another test's
 * program. Attached, it could rewrite what the grader reads. Tries to attach
 * its parent and every process /proc shows that is not its own; any success
 * makes it a correct program (after letting go). A score of 0 proves it can
 * trace nothing but itself. */
#include <dirent.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#include "correct.h"

static int can_trace(pid_t pid)
{
    if (pid <= 0 || pid == getpid() || ptrace(PTRACE_ATTACH, pid, NULL, NULL) == -1)
        return 0;
    waitpid(pid, NULL, __WALL);
    ptrace(PTRACE_DETACH, pid, NULL, NULL);
    return 1;
}

int main(void)
{
    int breached = can_trace(getppid());
    struct dirent *e;
    DIR *d;

    if ((d = opendir("/proc")) != NULL) {
        while (!breached && (e = readdir(d)) != NULL)
            if (e->d_name[0] >= '1' && e->d_name[0] <= '9')
                breached = can_trace((pid_t)atoi(e->d_name));
        closedir(d);
    }
    return breached ? correct_program() : 0;
}

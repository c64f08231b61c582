/* Hostile (issue 12, finding 10): the grader tells its preload which call
 * to make fail (SHMLAB_FAIL), and the program could read it in its
 * environment or in /proc/self/environ (or its parent's): it could then
 * pretend to check errors only while tested. This one checks nothing, except
 * that when it sees SHMLAB_FAIL it reports a failure and stops, as a careful
 * program would. If the injected fault stays invisible, the two tests of
 * error checking fail: 8 points of 10, not 10. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

/* 1 if the environment file PATH (NUL-separated) names SHMLAB_FAIL. */
static int names_fault(const char *path)
{
    static char buf[1 << 16];
    ssize_t n, i;
    int fd = open(path, O_RDONLY);

    if (fd == -1)
        return 0;
    n = read(fd, buf, sizeof buf - 1);
    close(fd);
    for (i = 0; i < n; i++)
        if (strncmp(buf + i, "SHMLAB_FAIL", 11) == 0)
            return 1;
    return 0;
}

static int fault_injected(void)
{
    char path[64];

    snprintf(path, sizeof path, "/proc/%d/environ", (int)getppid());
    return getenv("SHMLAB_FAIL") != NULL || names_fault("/proc/self/environ") ||
           names_fault(path) || names_fault("/proc/1/environ");
}

int main(void)
{
    int id, value, *p;

    if (fault_injected()) {
        fprintf(stderr, "shmget: Cannot allocate memory\n");
        return 1;
    }
    id = shmget(IPC_PRIVATE, sizeof(int), IPC_CREAT | 0600); /* no check */
    p = shmat(id, NULL, 0);                                  /* no check */
    fflush(stdout);
    if (fork() == 0) {
        if (scanf("%d", &value) == 1)
            *p = value;
        _exit(0);
    }
    wait(NULL);
    printf("%d\n", *p);
    shmdt(p);
    shmctl(id, IPC_RMID, NULL);
    return 0;
}

/* Hostile: looks for the reference solution and the hidden tests, where the
 * kit really is (kitpath.h is written by the self-test), in the usual
 * autograder places, and relative to itself. If it can read any of them it
 * behaves as a correct program and scores full marks: so 0 proves they were
 * hidden. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kitpath.h"

static const char *const places[] = {
    KIT "/solutions/01-fork-parent-child/fork_share.c",
    KIT "/grader/suites/01-fork-parent-child.c",
    "/autograder/source/solutions/01-fork-parent-child/fork_share.c",
    "../../solutions/01-fork-parent-child/fork_share.c",
    "../../../solutions/01-fork-parent-child/fork_share.c",
};

static int can_read_one(void)
{
    size_t i;

    for (i = 0; i < sizeof places / sizeof places[0]; i++) {
        FILE *f = fopen(places[i], "r");

        if (f != NULL) {
            fclose(f);
            return 1;
        }
    }
    return 0;
}

int main(void)
{
    int id, value, *p;

    if (!can_read_one())
        return 0;
    /* It could read them: be a correct program. */
    if ((id = shmget(IPC_PRIVATE, sizeof(int), 0600)) == -1)
        return 2;
    if ((p = shmat(id, NULL, 0)) == (void *)-1)
        return shmctl(id, IPC_RMID, NULL), 3;
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

/*
 * fork_share.c - lab 01: one int shared by a parent and its child.
 *
 * The parent creates a private System V segment and attaches it. fork(2)
 * copies the attachment into the child, so both processes see the same int.
 * The child prints the value it finds, reads a number from standard input and
 * stores it in the segment. The parent waits for the child, prints the value
 * the child left there, removes the segment and detaches it.
 *
 * Usage: fork_share            (then type a number for the child)
 *        echo 1664 | fork_share
 *
 * Man pages: shmget(2), shmat(2), shmdt(2), shmctl(2), fork(2), waitpid(2).
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "error.h"

/* The child's side: runs in the process created by fork(2), never returns. */
static void run_child(int *shared)
{
    printf("child: the segment holds %d\n", *shared);

    /* TODO 4: read a number from standard input and store it in the segment. */
    /* BEGIN SOLUTION */
    int value;
    if (scanf("%d", &value) != 1) {
        fprintf(stderr, "child: expected a number on standard input\n");
        _exit(EXIT_FAILURE);
    }
    *shared = value;
    printf("child: stored %d\n", value);
    /* END SOLUTION */

    /* TODO 5: detach the segment in the child (shmdt(2)). */
    /* BEGIN SOLUTION */
    if (shmdt(shared) == -1)
        die_child("shmdt");
    /* END SOLUTION */

    /* A child ends with _exit(2), after flushing what it printed itself. */
    fflush(stdout);
    _exit(EXIT_SUCCESS);
}

int main(void)
{
    /* TODO 1: create a private segment big enough for one int (shmget(2)).
     * Put the assignment in parentheses before comparing it with -1. */
    /* BEGIN SOLUTION */
    int shmid = shmget(IPC_PRIVATE, sizeof(int), IPC_CREAT | 0600);
    if (shmid == -1)
        die("shmget");
    /* END SOLUTION */

    /* TODO 2: attach it (shmat(2)). On failure shmat returns (void *) -1,
     * not NULL; remove the segment before stopping so nothing leaks. */
    /* BEGIN SOLUTION */
    int *shared = shmat(shmid, NULL, 0);
    if (shared == (void *)-1) {
        shmctl(shmid, IPC_RMID, NULL);
        die("shmat");
    }
    /* END SOLUTION */

    /* Flush before fork(2): otherwise the child inherits a copy of anything
     * still buffered and prints it a second time. */
    fflush(stdout);

    /* TODO 3: create the child (fork(2)) and call run_child() in it. */
    /* BEGIN SOLUTION */
    /* SKELETON: (void)run_child; // delete this line once you call run_child() */
    pid_t pid = fork();
    if (pid == -1) {
        shmdt(shared);
        shmctl(shmid, IPC_RMID, NULL);
        die("fork");
    }
    if (pid == 0)
        run_child(shared);
    /* END SOLUTION */

    /* TODO 6: wait for the child (waitpid(2)) before reading the segment:
     * until it has finished, the value may not be there yet. */
    /* BEGIN SOLUTION */
    if (waitpid(pid, NULL, 0) == -1)
        die("waitpid");
    /* END SOLUTION */

    /* TODO 7: print the value the child left in the segment. */
    /* BEGIN SOLUTION */
    printf("parent: the child left %d\n", *shared);
    /* END SOLUTION */

    /* TODO 8: remove the segment (shmctl(2), IPC_RMID), then detach it
     * (shmdt(2)), checking both. Remove first: IPC_RMID only marks the
     * segment, which stays attached and usable here until shmdt, and the
     * kernel frees it at its last detach. The other order leaks it: if shmdt
     * failed, die() would stop the program before IPC_RMID. */
    /* BEGIN SOLUTION */
    if (shmctl(shmid, IPC_RMID, NULL) == -1)
        die("shmctl(IPC_RMID)");
    if (shmdt(shared) == -1)
        die("shmdt");
    /* END SOLUTION */

    return EXIT_SUCCESS;
}

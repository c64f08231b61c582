/*
 * correct.h - a correct lab 01 program, for the hostile cases that break out.
 *
 * The self-test copies this file next to every case of lab 01. A case that
 * attacks the sandbox calls correct_program() only when its attack worked
 * (it could read, write or reach what it must not), and otherwise ends
 * without doing the lab: it prints nothing and scores 0. So the score is the
 * proof: 0 means the attack failed, full marks mean it worked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

static int correct_program(void)
{
    int id, value, *p;
    pid_t pid;

    if ((id = shmget(IPC_PRIVATE, sizeof(int), IPC_CREAT | 0600)) == -1) {
        perror("shmget");
        return 1;
    }
    if ((p = shmat(id, NULL, 0)) == (void *)-1) {
        perror("shmat");
        shmctl(id, IPC_RMID, NULL);
        return 1;
    }
    fflush(stdout);
    if ((pid = fork()) == -1) {
        perror("fork");
        return 1;
    }
    if (pid == 0) {
        if (scanf("%d", &value) == 1)
            *p = value;
        shmdt(p);
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    printf("%d\n", *p);
    shmdt(p);
    shmctl(id, IPC_RMID, NULL);
    return 0;
}

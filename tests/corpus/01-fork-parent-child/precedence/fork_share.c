/* Corpus: the precedence bug of the course notes' example.
 * `shmid = shmget(...) == -1` assigns the comparison (0), so the program
 * works on segment 0, which is not its own, removes it, and leaks its own. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
    int shmid, value;
    int *shared;
    pid_t pid;

    if (shmid = shmget(IPC_PRIVATE, sizeof(int), 0600) == -1) { /* the bug */
        perror("shmget");
        exit(2);
    }
    if ((shared = shmat(shmid, NULL, 0)) == (void *)-1) {
        perror("shmat");
        exit(3);
    }
    fflush(stdout);
    if ((pid = fork()) == -1) {
        perror("fork");
        exit(4);
    }
    if (pid == 0) {
        printf("child: %d\n", *shared);
        if (scanf("%d", &value) == 1)
            *shared = value;
        shmdt(shared);
        fflush(stdout);
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    printf("parent: %d\n", *shared);
    if (shmdt(shared) == -1)
        perror("shmdt"), exit(5);
    if (shmctl(shmid, IPC_RMID, NULL) == -1)
        perror("shmctl"), exit(6);
    return 0;
}

/* Corpus: shmat is not checked at all: when it fails, the program uses
 * the address (void *) -1. */
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

    if ((shmid = shmget(IPC_PRIVATE, sizeof(int), 0600)) == -1)
        perror("shmget"), exit(2);
    shared = shmat(shmid, NULL, 0);
    fflush(stdout);
    if ((pid = fork()) == -1)
        perror("fork"), exit(4);
    if (pid == 0) {
        printf("child: %d\n", *shared);
        if (scanf("%d", &value) == 1)
            *shared = value;
        shmdt(shared);
        fflush(stdout);
        _exit(0);
    }
    wait(NULL);
    printf("parent: %d\n", *shared);
    if (shmdt(shared) == -1)
        perror("shmdt"), exit(5);
    if (shmctl(shmid, IPC_RMID, NULL) == -1)
        perror("shmctl"), exit(6);
    return 0;
}

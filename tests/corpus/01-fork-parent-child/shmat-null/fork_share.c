/* Corpus: shmat's result compared with NULL, as in the course notes. A
 * failed shmat returns (void *) -1, which is not NULL: the program goes on
 * and uses the address -1. */
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
    if ((shared = (int *)shmat(shmid, 0, 0)) == NULL) /* the bug */
        perror("shmat"), exit(3);
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

/* Corpus: the segment is created after fork(), so parent and child each
 * create their own: nothing is shared, the parent reads 0. */
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

    fflush(stdout);
    if ((pid = fork()) == -1) /* the bug: fork before shmget */
        perror("fork"), exit(4);
    if ((shmid = shmget(IPC_PRIVATE, sizeof(int), 0600)) == -1)
        perror("shmget"), exit(2);
    if ((shared = shmat(shmid, NULL, 0)) == (void *)-1)
        perror("shmat"), exit(3);
    if (pid == 0) {
        printf("child: %d\n", *shared);
        if (scanf("%d", &value) == 1)
            *shared = value;
        shmdt(shared);
        shmctl(shmid, IPC_RMID, NULL);
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

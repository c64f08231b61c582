/* Corpus: the wrong variable of the course notes' example: fork's result
 * goes into pid1, but pid is tested. pid is 0, so parent and child both run
 * the child's branch: nobody waits, nobody removes the segment. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
    int shmid, value;
    int *shared;
    pid_t pid = 0, pid1;

    if ((shmid = shmget(IPC_PRIVATE, sizeof(int), 0600)) == -1)
        perror("shmget"), exit(2);
    if ((shared = shmat(shmid, NULL, 0)) == (void *)-1)
        perror("shmat"), exit(3);
    fflush(stdout);
    if ((pid1 = fork()) == -1) /* the bug: the test below reads pid */
        perror("fork"), exit(4);
    if (!pid) {
        printf("la valeur est: %d\n", *shared);
        if (scanf("%d", &value) == 1)
            *shared = value;
        if (shmdt(shared) == -1)
            perror("detach son"), exit(4);
    } else {
        wait(NULL);
        printf("la valeur est: %d\n", *shared);
        if (shmdt(shared) == -1)
            perror("detach"), exit(5);
        if (shmctl(shmid, IPC_RMID, NULL) == -1)
            perror("shmctl"), exit(6);
    }
    return 0;
}

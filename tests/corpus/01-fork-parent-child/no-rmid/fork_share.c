/* Corpus: the segment is never removed (no shmctl IPC_RMID): it outlives
 * the program and fills the machine, run after run. */
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
    if ((shared = shmat(shmid, NULL, 0)) == (void *)-1)
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
    return 0;
}

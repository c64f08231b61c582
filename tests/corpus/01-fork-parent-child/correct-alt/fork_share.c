/* Corpus: a correct program written differently from the reference: French
 * messages, wait() instead of waitpid(), perror() + exit(), a status check.
 * It detaches before removing, but reports a failed shmdt without stopping
 * and removes the segment anyway (step 8's other correct choice). It must
 * get full marks. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
    int id, status, n;
    int *zone;
    pid_t fils;

    if ((id = shmget(IPC_PRIVATE, sizeof *zone, 0600)) == -1) {
        perror("shmget");
        exit(2);
    }
    if ((zone = shmat(id, NULL, 0)) == (void *)-1) {
        perror("shmat");
        shmctl(id, IPC_RMID, NULL);
        exit(3);
    }
    fflush(stdout);
    if ((fils = fork()) == -1) {
        perror("fork");
        shmctl(id, IPC_RMID, NULL);
        exit(4);
    }
    if (fils == 0) {
        printf("Fils : valeur initiale = %d\n", *zone);
        if (scanf("%d", &n) != 1) {
            fprintf(stderr, "Fils : il faut un nombre entier\n");
            _exit(1);
        }
        *zone = n;
        fflush(stdout);
        _exit(shmdt(zone) == -1 ? 5 : 0);
    }
    if (wait(&status) == -1) {
        perror("wait");
        exit(6);
    }
    printf("Père : le fils (code %d) a écrit %d\n", WEXITSTATUS(status), *zone);
    /* Detach first, but remove whatever happens: a failed shmdt is reported
     * without stopping (the handout's other correct order, step 8). */
    n = 0;
    if (shmdt(zone) == -1) {
        perror("shmdt");
        n = 7;
    }
    if (shmctl(id, IPC_RMID, NULL) == -1) {
        perror("shmctl");
        n = 8;
    }
    return n;
}

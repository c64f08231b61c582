/* Hostile: leaves 100 System V segments, 100 semaphore sets and 100
 * /dev/shm objects behind, and prints nothing. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>

int main(void)
{
    char name[32];
    int i, fd;

    for (i = 0; i < 100; i++) {
        shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0666);
        semget(IPC_PRIVATE, 1, IPC_CREAT | 0666);
        snprintf(name, sizeof name, "/leak-%d", i);
        fd = shm_open(name, O_CREAT | O_RDWR, 0666);
        if (fd != -1 && ftruncate(fd, 4096) == 0)
            close(fd);
    }
    return 0;
}

/* Hostile: allocates and touches memory until it fails: the heap, a huge
 * System V segment, and a huge /dev/shm object. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <unistd.h>

int main(void)
{
    char *p;
    int id, fd;

    while ((p = malloc(64 << 20)) != NULL)
        memset(p, 1, 64 << 20);
    id = shmget(IPC_PRIVATE, (size_t)16 << 30, IPC_CREAT | 0600);
    if (id != -1 && (p = shmat(id, NULL, 0)) != (void *)-1)
        memset(p, 1, (size_t)16 << 30);
    fd = shm_open("/hog", O_CREAT | O_RDWR, 0600);
    if (fd != -1 && ftruncate(fd, (off_t)16 << 30) == 0) {
        p = mmap(NULL, (size_t)16 << 30, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        if (p != MAP_FAILED)
            memset(p, 1, (size_t)16 << 30);
    }
    return 1;
}

/* Hostile (issue 12, finding 5): graded with --sanitize, AddressSanitizer
 * needs a huge address space, and the grader dropped the memory cap
 * entirely. Allocates and touches memory until it fails: the heap, then a
 * 16 GiB System V segment, then a 16 GiB /dev/shm object. A (larger) bound
 * must still hold: the grading's peak memory stays within its EXPECT. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <unistd.h>

#define HUGE ((size_t)16 << 30)

int main(void)
{
    char *p;
    int id, fd;

    while ((p = malloc(64 << 20)) != NULL)
        memset(p, 1, 64 << 20);
    id = shmget(IPC_PRIVATE, HUGE, IPC_CREAT | 0600);
    if (id != -1 && (p = shmat(id, NULL, 0)) != (void *)-1)
        memset(p, 1, HUGE);
    fd = shm_open("/hostile-sanitize-eat-memory", O_CREAT | O_RDWR, 0600);
    if (fd != -1 && ftruncate(fd, (off_t)HUGE) == 0) {
        p = mmap(NULL, HUGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        if (p != MAP_FAILED)
            memset(p, 1, HUGE);
    }
    return 1;
}

/* Hostile (issue 12, finding 5): the address-space limit bounds one
 * process's mappings, but segments attached, touched, detached one at a time
 * stay in memory (2.9 GiB in one run). Creates 128 MiB segments one after
 * the other, fills each and detaches it, until refused (at most 8 GiB),
 * leaves them all and ends without doing the lab. The IPC namespace's own
 * limits (kernel.shmall) must bound the whole: the grading's peak memory
 * stays within its EXPECT. */
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#define SEGMENT ((size_t)128 << 20)

int main(void)
{
    char *p;
    int i, id;

    for (i = 0; i < 64; i++) {
        if ((id = shmget(IPC_PRIVATE, SEGMENT, IPC_CREAT | 0600)) == -1)
            break;
        if ((p = shmat(id, NULL, 0)) == (void *)-1)
            break;
        memset(p, 1, SEGMENT);
        shmdt(p);
    }
    return 0;
}

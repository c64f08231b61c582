/* Hostile: creates segments until the kernel refuses (SHMMNI or SHMALL),
 * and keeps them. */
#include <sys/shm.h>

int main(void)
{
    while (shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600) != -1)
        ;
    return 0;
}

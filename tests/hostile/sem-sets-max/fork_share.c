/* Hostile (issue 12, finding 5): each semaphore set of the largest size
 * (semmsl semaphores) is kernel memory; with the host's limits a run took
 * 2 GiB and the kernel's OOM killer killed the grader. Creates sets of the
 * largest size allowed until refused, leaves them and ends without doing
 * the lab. The IPC namespace's own limits (kernel.sem) must bound it: the
 * grader survives and the grading's peak memory stays within its EXPECT. */
#include <stdio.h>
#include <sys/ipc.h>
#include <sys/sem.h>

int main(void)
{
    int semmsl = 32000, i;
    FILE *f = fopen("/proc/sys/kernel/sem", "r");

    if (f != NULL) {
        if (fscanf(f, "%d", &semmsl) != 1)
            semmsl = 32000;
        fclose(f);
    }
    for (i = 0; i < 100000; i++)
        if (semget(IPC_PRIVATE, semmsl, IPC_CREAT | 0600) == -1)
            break;
    return 0;
}

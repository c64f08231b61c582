/*
 * objects.c - the System V objects of the programs' user (the sandbox's
 * uid): counted, and removed between two runs of a test. Without an IPC
 * namespace other users' objects are visible too; only the user's count.
 */
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>

#include "suite.h"
#include "lab05.h"

int count_mine(int kind, int *last)
{
    struct shm_info_row shm[64];
    struct sem_info_row sem[64];
    int n = kind == SEGMENTS ? ipc_list_shm(shm, 64) : ipc_list_sem(sem, 64), i, mine = 0;

    if (last != NULL)
        *last = -1;
    for (i = 0; i < n; i++) {
        if ((kind == SEGMENTS ? shm[i].uid : sem[i].uid) != sb_uid())
            continue;
        mine++;
        if (last != NULL)
            *last = kind == SEGMENTS ? shm[i].id : sem[i].id;
    }
    return mine;
}

/* A test that makes a removal fail leaves an object behind: the next run
 * of the program, in the same test, must not count it as its own. */
void remove_leftovers(void)
{
    struct shm_info_row shm[64];
    struct sem_info_row sem[64];
    int n = ipc_list_shm(shm, 64), i;

    for (i = 0; i < n; i++)
        if (shm[i].uid == sb_uid())
            shmctl(shm[i].id, IPC_RMID, NULL);
    n = ipc_list_sem(sem, 64);
    for (i = 0; i < n; i++)
        if (sem[i].uid == sb_uid())
            semctl(sem[i].id, 0, IPC_RMID);
}

/* Corpus: a correct consumer that asks shmget for "any size" (0) and then
 * checks the size itself with IPC_STAT, refusing a segment that is too small. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include "error.h"
#include "shm02.h"

int main(int argc, char *argv[])
{
    struct shmid_ds ds;
    const char *text;
    int opt, remove_it = 0, shmid;
    key_t key;

    while ((opt = getopt(argc, argv, "r")) != -1)
        if (opt == 'r')
            remove_it = 1;
        else
            fail("usage: %s [-r]", argv[0]);
    if ((key = ftok(KEY_FILE, PROJECT_ID)) == -1)
        die("ftok");
    if ((shmid = shmget(key, 0, 0)) == -1)
        die("shmget");
    if (shmctl(shmid, IPC_STAT, &ds) == -1)
        die("shmctl(IPC_STAT)");
    if (ds.shm_segsz < sizeof(struct message))
        fail("segment %d has %zu bytes, not %zu: not ours", shmid, (size_t)ds.shm_segsz,
             sizeof(struct message));
    if ((text = shmat(shmid, NULL, SHM_RDONLY)) == (void *)-1)
        die("shmat");
    fwrite(text, 1, strnlen(text, MESSAGE_SIZE), stdout);
    putchar('\n');
    if (shmdt(text) == -1)
        die("shmdt");
    if (remove_it && shmctl(shmid, IPC_RMID, NULL) == -1)
        die("shmctl(IPC_RMID)");
    return 0;
}

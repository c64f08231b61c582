/* Corpus: the producer does not check ftok's result: without the key file the
 * key is -1, and shmget creates a segment with the key 0xffffffff. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include "error.h"
#include "shm02.h"

int main(int argc, char *argv[])
{
    key_t key;
    int shmid, rm = 0;
    const struct message *shared;

    if (argc == 2 && strcmp(argv[1], "-r") == 0)
        rm = 1;
    else if (argc != 1)
        fail("usage: %s [-r]", argv[0]);
    if ((key = ftok(KEY_FILE, PROJECT_ID)) == -1)
        die("ftok");
    if ((shmid = shmget(key, sizeof(struct message), 0)) == -1)
        die("shmget");
    if ((shared = shmat(shmid, NULL, SHM_RDONLY)) == (void *)-1)
        die("shmat");
    printf("message: %s\n", shared->text);
    if (shmdt(shared) == -1)
        die("shmdt");
    if (rm && shmctl(shmid, IPC_RMID, NULL) == -1)
        die("shmctl");
    return 0;
}

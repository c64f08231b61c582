/* Corpus: the producer creates the key file when it is missing, so ftok never
 * fails: a typo in the name would give the two programs different keys. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include "error.h"
#include "shm02.h"

int main(int argc, char *argv[])
{
    key_t key;
    int shmid;
    struct message *shared;
    char line[MESSAGE_SIZE];

    if (argc != 1)
        fail("usage: %s < message", argv[0]);
    int fd = open(KEY_FILE, O_WRONLY | O_CREAT, 0644); /* the bug: "touch" it */
    if (fd != -1)
        close(fd);
    if ((key = ftok(KEY_FILE, PROJECT_ID)) == -1)
        die("ftok");
    if ((shmid = shmget(key, sizeof(struct message), IPC_CREAT | SEGMENT_MODE)) == -1)
        die("shmget");
    if ((shared = shmat(shmid, NULL, 0)) == (void *)-1)
        die("shmat");
    if (fgets(line, sizeof line, stdin) == NULL)
        line[0] = '\0';
    line[strcspn(line, "\n")] = '\0';
    strcpy(shared->text, line);
    printf("stored: %s\n", shared->text);
    if (shmdt(shared) == -1)
        die("shmdt");
    return 0;
}

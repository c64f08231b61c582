/* Corpus: a correct producer with getline(3) (any length) and an explicit
 * cut: it copies at most MESSAGE_SIZE - 1 bytes and terminates them. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include "error.h"
#include "shm02.h"

int main(int argc, char *argv[])
{
    char *line = NULL;
    size_t cap = 0, len = 0;
    ssize_t got;
    struct message *msg;
    key_t key;
    int shmid;

    if (argc != 1)
        fail("usage: %s < file", argv[0]);
    key = ftok(KEY_FILE, PROJECT_ID);
    if (key == -1)
        die(KEY_FILE);
    shmid = shmget(key, sizeof *msg, IPC_CREAT | SEGMENT_MODE);
    if (shmid == -1)
        die(errno == EINVAL ? "shmget (an older, smaller segment? ipcrm -M)" : "shmget");
    msg = shmat(shmid, NULL, 0);
    if (msg == (void *)-1)
        die("shmat");
    got = getline(&line, &cap, stdin);
    if (got == -1 && ferror(stdin))
        die("getline");
    if (got > 0) {
        len = strcspn(line, "\n");
        if (len > sizeof msg->text - 1)
            len = sizeof msg->text - 1;
        memcpy(msg->text, line, len);
    }
    msg->text[len] = '\0';
    free(line);
    if (shmdt(msg) == -1)
        die("shmdt");
    return 0;
}

/*
 * consumer.c - print the producer's message with fwrite, bounded by strnlen;
 * -r removes the segment once it is detached.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include "shm02.h"

int main(int argc, char *argv[])
{
    const struct message *m;
    int remove = 0, id;
    key_t key;
    size_t n;

    if (argc == 2 && strcmp(argv[1], "-r") == 0)
        remove = 1;
    else if (argc != 1) {
        fprintf(stderr, "usage: %s [-r]\n", argv[0]);
        return 2;
    }
    if ((key = ftok(KEY_FILE, PROJECT_ID)) == (key_t)-1) {
        fprintf(stderr, "consumer: ftok(%s): %s\n", KEY_FILE, strerror(errno));
        return 10;
    }
    if ((id = shmget(key, sizeof *m, 0)) == -1) {
        fprintf(stderr, "consumer: shmget: %s%s\n", strerror(errno),
                errno == ENOENT ? " (start the producer first)" : "");
        return 11;
    }
    if ((m = shmat(id, NULL, SHM_RDONLY)) == (void *)-1) {
        fprintf(stderr, "consumer: shmat: %s\n", strerror(errno));
        return 12;
    }
    n = strnlen(m->text, sizeof m->text);
    fwrite(m->text, 1, n, stdout);
    putchar('\n');
    if (shmdt(m) == -1) {
        fprintf(stderr, "consumer: shmdt: %s\n", strerror(errno));
        return 14;
    }
    if (remove && shmctl(id, IPC_RMID, NULL) == -1) {
        fprintf(stderr, "consumer: shmctl(IPC_RMID): %s\n", strerror(errno));
        return 15;
    }
    return 0;
}

/*
 * producer.c - read the line with read(2) into a local buffer, then store it
 * in the segment found by its ftok key; every failure its own exit status.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <unistd.h>

#include "shm02.h"

/* One line of standard input, at most size - 1 bytes kept, no newline. */
static int read_line(char *buf, size_t size)
{
    size_t kept = 0;
    char c;
    ssize_t n;

    while ((n = read(STDIN_FILENO, &c, 1)) == 1 && c != '\n')
        if (kept < size - 1)
            buf[kept++] = c;
    buf[kept] = '\0';
    return n == -1 ? -1 : 0;
}

int main(void)
{
    char line[MESSAGE_SIZE];
    struct message *m;
    key_t key;
    int id;

    if ((key = ftok(KEY_FILE, PROJECT_ID)) == (key_t)-1) {
        fprintf(stderr, "producer: ftok(%s): %s%s\n", KEY_FILE, strerror(errno),
                errno == ENOENT ? " (run: touch " KEY_FILE ")" : "");
        return 10;
    }
    if ((id = shmget(key, sizeof *m, IPC_CREAT | SEGMENT_MODE)) == -1) {
        fprintf(stderr, "producer: shmget: %s\n", strerror(errno));
        return 11;
    }
    if ((m = shmat(id, NULL, 0)) == (void *)-1) {
        fprintf(stderr, "producer: shmat: %s\n", strerror(errno));
        return 12;
    }
    if (read_line(line, sizeof line) == -1) {
        fprintf(stderr, "producer: read: %s\n", strerror(errno));
        shmdt(m);
        return 13;
    }
    memcpy(m->text, line, strlen(line) + 1);
    if (shmdt(m) == -1) {
        fprintf(stderr, "producer: shmdt: %s\n", strerror(errno));
        return 14;
    }
    return 0;
}

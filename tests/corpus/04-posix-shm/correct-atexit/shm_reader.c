/* shm_reader.c - wait for the writer's message, print it, say so. */
#include <errno.h>
#include <fcntl.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "shm_message.h"

static void die_now(const char *what)
{
    perror(what);
    exit(3);
}

int main(int argc, char *argv[])
{
    const char *name = MESSAGE_DEFAULT_NAME;
    char ready_name[MESSAGE_SEM_NAME_SIZE], done_name[MESSAGE_SEM_NAME_SIZE];
    const struct message *msg;
    sem_t *ready, *done;
    struct stat st;
    size_t n;
    int fd;

    if (argc == 3 && strcmp(argv[1], "-n") == 0)
        name = argv[2];
    else if (argc != 1) {
        fprintf(stderr, "usage: %s [-n /NAME]\n", argv[0]);
        return 3;
    }
    if (!message_name_is_valid(name)) {
        fprintf(stderr, "%s: refusing the name %s\n", argv[0], name);
        return 3;
    }
    message_sem_name(ready_name, name, MESSAGE_READY_SUFFIX);
    message_sem_name(done_name, name, MESSAGE_DONE_SUFFIX);
    if ((ready = sem_open(ready_name, O_CREAT, MESSAGE_MODE, 0)) == SEM_FAILED)
        die_now("sem_open");
    if ((done = sem_open(done_name, O_CREAT, MESSAGE_MODE, 0)) == SEM_FAILED)
        die_now("sem_open");
    while (sem_wait(ready) == -1)
        if (errno != EINTR)
            die_now("sem_wait");

    if ((fd = shm_open(name, O_RDONLY, 0)) == -1)
        die_now("shm_open");
    if (fstat(fd, &st) == -1)
        die_now("fstat");
    if ((size_t)st.st_size < sizeof *msg) {
        fprintf(stderr, "%s: %s is too short (%lld bytes)\n", argv[0], name,
                (long long)st.st_size);
        return 3;
    }
    msg = mmap(NULL, sizeof *msg, PROT_READ, MAP_SHARED, fd, 0);
    if (msg == MAP_FAILED)
        die_now("mmap");
    close(fd);

    n = strnlen(msg->text, sizeof msg->text);
    if (n > msg->length)
        n = msg->length;
    fwrite(msg->text, 1, n, stdout);
    putchar('\n');
    if (fflush(stdout) == EOF)
        die_now("stdout");
    munmap((void *)msg, sizeof *msg);
    if (sem_post(done) == -1)
        die_now("sem_post");
    sem_close(ready);
    sem_close(done);
    return 0;
}

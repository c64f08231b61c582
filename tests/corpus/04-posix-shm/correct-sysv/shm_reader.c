/*
 * shm_reader.c - lab 04 with a System V semaphore set: wait in semop until
 * the writer says the message is there, print it, say it has been read.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/sem.h>
#include <sys/stat.h>
#include <unistd.h>

#include "shm_message.h"
#include "sysv_key.h"

static void stop(const char *what)
{
    perror(what);
    exit(EXIT_FAILURE);
}

static int sem_add(int semid, unsigned short num, short delta)
{
    struct sembuf op = {num, delta, 0};
    int r;

    while ((r = semop(semid, &op, 1)) == -1 && errno == EINTR)
        ;
    return r;
}

int main(int argc, char *argv[])
{
    const char *name = MESSAGE_DEFAULT_NAME;
    const struct message *msg;
    struct stat st;
    unsigned length;
    int opt, fd, semid;

    while ((opt = getopt(argc, argv, "n:")) != -1) {
        if (opt != 'n') {
            fprintf(stderr, "usage: %s [-n /NAME]\n", argv[0]);
            return EXIT_FAILURE;
        }
        name = optarg;
    }
    if (optind != argc) {
        fprintf(stderr, "usage: %s [-n /NAME]\n", argv[0]);
        return EXIT_FAILURE;
    }
    if (!message_name_is_valid(name)) {
        fprintf(stderr, "%s: \"%s\" is not a valid name\n", argv[0], name);
        return EXIT_FAILURE;
    }

    semid = semget(name_key(name), SEM_COUNT, IPC_CREAT | MESSAGE_MODE);
    if (semid == -1)
        stop("semget");
    if (sem_add(semid, SEM_WRITTEN, -1) == -1)
        stop("semop(written)");

    fd = shm_open(name, O_RDONLY, 0);
    if (fd == -1)
        stop("shm_open");
    if (fstat(fd, &st) == -1)
        stop("fstat");
    if (st.st_size < (off_t)sizeof *msg) {
        fprintf(stderr, "%s: %s has %lld bytes, fewer than a message\n", argv[0], name,
                (long long)st.st_size);
        return EXIT_FAILURE;
    }
    msg = mmap(NULL, sizeof *msg, PROT_READ, MAP_SHARED, fd, 0);
    if (msg == MAP_FAILED)
        stop("mmap");
    close(fd);

    length = msg->length < sizeof msg->text ? msg->length : (unsigned)sizeof msg->text - 1;
    printf("%.*s\n", (int)length, msg->text);
    fflush(stdout);
    if (munmap((void *)msg, sizeof *msg) == -1)
        stop("munmap");
    if (sem_add(semid, SEM_READ, 1) == -1)
        stop("semop(read)");
    return EXIT_SUCCESS;
}

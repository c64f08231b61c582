/*
 * shm_writer.c - lab 04 with a System V semaphore set instead of named POSIX
 * semaphores: the POSIX object holds the message, the set (key derived from
 * the object's name) orders the two programs.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/sem.h>
#include <sys/stat.h>
#include <unistd.h>

#include "shm_message.h"
#include "sysv_key.h"

static const char *object; /* removed by stop() once created */

static void stop(const char *what)
{
    int saved = errno;

    if (object != NULL)
        shm_unlink(object);
    errno = saved;
    perror(what);
    exit(EXIT_FAILURE);
}

/* semop on one semaphore, again after EINTR (a stop and continue gives it). */
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
    struct message *msg;
    int opt, fd, semid;

    while ((opt = getopt(argc, argv, "n:")) != -1) {
        if (opt != 'n') {
            fprintf(stderr, "usage: %s [-n /NAME] MESSAGE\n", argv[0]);
            return EXIT_FAILURE;
        }
        name = optarg;
    }
    if (optind != argc - 1) {
        fprintf(stderr, "usage: %s [-n /NAME] MESSAGE\n", argv[0]);
        return EXIT_FAILURE;
    }
    if (!message_name_is_valid(name)) {
        fprintf(stderr, "%s: \"%s\" is not a valid name\n", argv[0], name);
        return EXIT_FAILURE;
    }

    fd = shm_open(name, O_CREAT | O_EXCL | O_RDWR, MESSAGE_MODE);
    if (fd == -1) {
        if (errno == EEXIST)
            fprintf(stderr, "%s: %s exists already (rm /dev/shm%s if it is stale)\n", argv[0],
                    name, name);
        else
            perror("shm_open");
        return EXIT_FAILURE;
    }
    object = name;
    if (ftruncate(fd, sizeof *msg) == -1)
        stop("ftruncate");
    msg = mmap(NULL, sizeof *msg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (msg == MAP_FAILED)
        stop("mmap");
    if (close(fd) == -1)
        stop("close");

    /* The reader may have made the set already; a new set starts at 0 on Linux. */
    semid = semget(name_key(name), SEM_COUNT, IPC_CREAT | MESSAGE_MODE);
    if (semid == -1)
        stop("semget");

    memset(msg, 0, sizeof *msg);
    msg->writer = getpid();
    strncpy(msg->text, argv[optind], sizeof msg->text - 1);
    msg->length = (unsigned)strlen(msg->text);
    if (sem_add(semid, SEM_WRITTEN, 1) == -1)
        stop("semop(written)");
    if (sem_add(semid, SEM_READ, -1) == -1)
        stop("semop(read)");

    if (munmap(msg, sizeof *msg) == -1)
        stop("munmap");
    object = NULL;
    if (shm_unlink(name) == -1)
        stop("shm_unlink");
    if (semctl(semid, 0, IPC_RMID) == -1)
        stop("semctl(IPC_RMID)");
    return EXIT_SUCCESS;
}

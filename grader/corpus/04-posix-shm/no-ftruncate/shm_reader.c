/*
 * shm_reader.c - lab 04: read the message that shm_writer left.
 *
 * The reader opens (or creates) the semaphores NAME-ready and NAME-done, and
 * waits on NAME-ready: it sleeps, using no processor time, until the writer
 * has written its message. It then opens the object NAME read-only, maps it,
 * prints the message, unmaps it and posts NAME-done so that the writer can
 * remove everything. The reader removes nothing: that is the writer's job.
 * See shm_message.h for the whole protocol.
 *
 * Usage: shm_reader [-n /NAME]
 *
 * Man pages: sem_open(3), sem_wait(3), sem_post(3), sem_close(3),
 * shm_open(3), fstat(2), mmap(2), munmap(2).
 */
#include <fcntl.h> /* O_CREAT, O_RDONLY */
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h> /* shm_open, mmap, munmap */
#include <sys/stat.h> /* fstat */
#include <unistd.h>   /* close, getopt */

#include "error.h"
#include "shm_message.h"

int main(int argc, char *argv[])
{
    const char *name = MESSAGE_DEFAULT_NAME;
    char ready_name[MESSAGE_SEM_NAME_SIZE], done_name[MESSAGE_SEM_NAME_SIZE];
    int opt;

    while ((opt = getopt(argc, argv, "n:")) != -1) {
        if (opt != 'n')
            fail("usage: %s [-n /NAME]", argv[0]);
        name = optarg;
    }
    if (optind != argc)
        fail("usage: %s [-n /NAME]", argv[0]);

    /* Check the name before creating anything (TODO 1 is in shm_message.h). */
    if (!message_name_is_valid(name))
        fail("%s: invalid name \"%s\": expected '/' then 1 to %d characters, none of them '/'",
             argv[0], name, MESSAGE_NAME_MAX - 1);
    message_sem_name(ready_name, name, MESSAGE_READY_SUFFIX);
    message_sem_name(done_name, name, MESSAGE_DONE_SUFFIX);

    /* TODO 9: open the two semaphores with sem_open(3), exactly as the writer
     * does (O_CREAT, MESSAGE_MODE, 0): the reader may be started first, and
     * then it is the one that creates them. */
    sem_t *ready = sem_open(ready_name, O_CREAT, MESSAGE_MODE, 0);
    if (ready == SEM_FAILED)
        die("sem_open(ready)");
    sem_t *done = sem_open(done_name, O_CREAT, MESSAGE_MODE, 0);
    if (done == SEM_FAILED)
        die("sem_open(done)");

    /* TODO 10: wait on NAME-ready with sem_wait(3). The process sleeps in the
     * kernel until the writer posts: no loop, no sleep(), no processor time. */
    if (sem_wait(ready) == -1)
        die("sem_wait");

    /* TODO 11: open the object read-only with shm_open(3) (O_RDONLY, no
     * O_CREAT: it must exist now), check with fstat(2) that it is at least
     * sizeof(struct message) bytes long (reading past its end raises
     * SIGBUS), map it with mmap(2) (PROT_READ, MAP_SHARED; compare with
     * MAP_FAILED), then close the descriptor. */
    int fd = shm_open(name, O_RDONLY, 0);
    if (fd == -1)
        die("shm_open");
    struct stat st;
    if (fstat(fd, &st) == -1)
        die("fstat");
    if (st.st_size < (off_t)sizeof(struct message))
        fail("%s: %s is only %lld bytes long, expected %zu", argv[0], name, (long long)st.st_size,
             sizeof(struct message));
    /* PROT_READ: a write through msg would raise SIGSEGV. */
    struct message *msg = mmap(NULL, sizeof *msg, PROT_READ, MAP_SHARED, fd, 0);
    if (msg == MAP_FAILED)
        die("mmap");
    if (close(fd) == -1)
        die("close");

    /* TODO 12: print the message on standard output. Do not trust the length
     * found in memory that another program wrote: never print more than
     * the size of text. */
    unsigned length = msg->length < sizeof msg->text ? msg->length : sizeof msg->text - 1;
    printf("reader: message from process %ld (%u bytes): %.*s\n", (long)msg->writer, length,
           (int)length, msg->text);
    fflush(stdout);

    /* TODO 13: unmap the object (munmap(2)), post NAME-done (sem_post(3)) so
     * that the writer can remove everything, and close both semaphores
     * (sem_close(3)). */
    if (munmap(msg, sizeof *msg) == -1)
        die("munmap");
    if (sem_post(done) == -1)
        die("sem_post");
    if (sem_close(ready) == -1 || sem_close(done) == -1)
        die("sem_close");

    return EXIT_SUCCESS;
}

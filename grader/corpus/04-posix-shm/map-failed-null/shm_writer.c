/*
 * shm_writer.c - lab 04: leave a message in a POSIX shared memory object.
 *
 * The writer creates the object NAME (shm_open), gives it its size
 * (ftruncate), maps it (mmap) and writes the message in it. It then posts the
 * semaphore NAME-ready, for the reader, and waits on NAME-done until the
 * reader has read the message. Last, it removes everything: the mapping
 * (munmap), the object (shm_unlink) and the two semaphores (sem_unlink).
 * See shm_message.h for the whole protocol.
 *
 * Usage: shm_writer [-n /NAME] MESSAGE
 *        shm_writer -n /demo "hello, reader"    (then run: shm_reader -n /demo)
 *
 * Man pages: shm_open(3), ftruncate(2), mmap(2), munmap(2), shm_unlink(3),
 * sem_open(3), sem_post(3), sem_wait(3), sem_close(3), sem_unlink(3).
 */
#include <errno.h>
#include <fcntl.h> /* O_CREAT, O_EXCL, O_RDWR */
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h> /* shm_open, mmap, munmap, shm_unlink */
#include <sys/stat.h>
#include <unistd.h> /* ftruncate, close, getopt */

#include "error.h"
#include "shm_message.h"

/* Stop after a failed call, removing the object first: a writer that stops
 * must not leave it in /dev/shm. shm_unlink may change errno, so it is saved. */
static void die_unlinking(const char *what, const char *name)
{
    int saved = errno;

    shm_unlink(name);
    errno = saved;
    die(what);
}

int main(int argc, char *argv[])
{
    const char *name = MESSAGE_DEFAULT_NAME;
    char ready_name[MESSAGE_SEM_NAME_SIZE], done_name[MESSAGE_SEM_NAME_SIZE];
    int opt;

    while ((opt = getopt(argc, argv, "n:")) != -1) {
        if (opt != 'n')
            fail("usage: %s [-n /NAME] MESSAGE", argv[0]);
        name = optarg;
    }
    if (optind != argc - 1)
        fail("usage: %s [-n /NAME] MESSAGE", argv[0]);
    const char *text = argv[optind];

    /* Check the name before creating anything (TODO 1 is in shm_message.h). */
    if (!message_name_is_valid(name))
        fail("%s: invalid name \"%s\": expected '/' then 1 to %d characters, none of them '/'",
             argv[0], name, MESSAGE_NAME_MAX - 1);
    message_sem_name(ready_name, name, MESSAGE_READY_SUFFIX);
    message_sem_name(done_name, name, MESSAGE_DONE_SUFFIX);

    /* TODO 2: create the object with shm_open(3): O_CREAT | O_EXCL | O_RDWR and
     * MESSAGE_MODE. O_EXCL makes it fail (EEXIST) if the name is already
     * taken, instead of writing into somebody else's object. */
    int fd = shm_open(name, O_CREAT | O_EXCL | O_RDWR, MESSAGE_MODE);
    if (fd == -1) {
        if (errno == EEXIST)
            fail("%s: %s already exists: another writer is running, or an old run left it "
                 "(remove it with: rm /dev/shm%s)",
                 argv[0], name, name);
        die("shm_open");
    }

    /* TODO 3: give the object its size with ftruncate(2). A new object is
     * 0 bytes long: touching its mapping before this kills the process with
     * SIGBUS. On failure, use die_unlinking(). */
    if (ftruncate(fd, sizeof(struct message)) == -1)
        die_unlinking("ftruncate", name);

    /* TODO 4: map it with mmap(2), shared and read-write, and compare the
     * result with MAP_FAILED (not NULL). Then close the descriptor: the
     * mapping stays valid without it. */
    struct message *msg = mmap(NULL, sizeof *msg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (msg == NULL)
        die_unlinking("mmap", name);
    if (close(fd) == -1)
        die_unlinking("close", name);

    /* TODO 5: open the two semaphores with sem_open(3): O_CREAT (the reader
     * may have created them already: then they are just opened), MESSAGE_MODE
     * and the initial value 0. The failure value is SEM_FAILED. */
    sem_t *ready = sem_open(ready_name, O_CREAT, MESSAGE_MODE, 0);
    if (ready == SEM_FAILED)
        die_unlinking("sem_open(ready)", name);
    sem_t *done = sem_open(done_name, O_CREAT, MESSAGE_MODE, 0);
    if (done == SEM_FAILED)
        die_unlinking("sem_open(done)", name);

    /* TODO 6: write the message in the object (cut to fit in text, and
     * terminated), then post NAME-ready with sem_post(3). */
    msg->writer = getpid();
    snprintf(msg->text, sizeof msg->text, "%s", text); /* cuts and terminates */
    msg->length = (unsigned)strlen(msg->text);
    if (sem_post(ready) == -1)
        die_unlinking("sem_post", name);
    printf("writer: %u bytes written in %s, waiting for the reader\n", msg->length, name);
    fflush(stdout);

    /* TODO 7: wait on NAME-done with sem_wait(3) until the reader has read. */
    if (sem_wait(done) == -1)
        die_unlinking("sem_wait", name);

    /* TODO 8: remove everything: munmap(2) the object, shm_unlink(3) it,
     * sem_close(3) and sem_unlink(3) both semaphores. */
    if (munmap(msg, sizeof *msg) == -1)
        die_unlinking("munmap", name);
    if (shm_unlink(name) == -1)
        die("shm_unlink");
    if (sem_close(ready) == -1 || sem_close(done) == -1)
        die("sem_close");
    if (sem_unlink(ready_name) == -1)
        die("sem_unlink(ready)");
    if (sem_unlink(done_name) == -1)
        die("sem_unlink(done)");
    printf("writer: the reader has read the message; %s and its semaphores are removed\n", name);

    return EXIT_SUCCESS;
}

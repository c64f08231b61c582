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

    /* TODO 3: give the object its size with ftruncate(2). A new object is
     * 0 bytes long: touching its mapping before this kills the process with
     * SIGBUS. On failure, use die_unlinking(). */
    (void)die_unlinking; // delete this line once you call die_unlinking()

    /* TODO 4: map it with mmap(2), shared and read-write, and compare the
     * result with MAP_FAILED (not NULL). Then close the descriptor: the
     * mapping stays valid without it. */

    /* TODO 5: open the two semaphores with sem_open(3): O_CREAT (the reader
     * may have created them already: then they are just opened), MESSAGE_MODE
     * and the initial value 0. The failure value is SEM_FAILED. */

    /* TODO 6: write the message in the object (cut to fit in text, and
     * terminated), then post NAME-ready with sem_post(3). */
    (void)text; // delete this line once you use text

    /* TODO 7: wait on NAME-done with sem_wait(3) until the reader has read. */

    /* TODO 8: remove everything: munmap(2) the object, shm_unlink(3) it,
     * sem_close(3) and sem_unlink(3) both semaphores. */

    return EXIT_SUCCESS;
}

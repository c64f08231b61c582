/*
 * consumer.c - lab 02: print the message the producer left in the segment.
 *
 * The consumer derives the same key as the producer (same file, same project
 * id: both come from shm02.h), gets the segment, which must already exist,
 * attaches it read-only, prints the message and detaches. With -r it then
 * removes the segment; without -r the segment stays and the message can be
 * read again.
 *
 * Usage: consumer [-r]
 *
 * Man pages: ftok(3), shmget(2), shmat(2), shmdt(2), shmctl(2), getopt(3).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>
#include <unistd.h>

#include "error.h"
#include "shm02.h"

static void usage(const char *program)
{
    fail("usage: %s [-r]\n  -r  remove the segment after reading it", program);
}

int main(int argc, char *argv[])
{
    int remove_segment = 0; /* 1 when -r is given */
    int option;

    while ((option = getopt(argc, argv, "r")) != -1) {
        if (option != 'r')
            usage(argv[0]); /* getopt(3) has already said which option is wrong */
        remove_segment = 1;
    }
    if (optind != argc)
        usage(argv[0]);

    /* TODO 1: derive the key exactly as the producer does (ftok(3), -1 on
     * failure, ENOENT when the key file does not exist). */
    /* BEGIN SOLUTION */
    key_t key = ftok(KEY_FILE, PROJECT_ID);
    if (key == -1) {
        if (errno == ENOENT)
            fail("ftok: the key file %s does not exist; create it with: touch %s", KEY_FILE,
                 KEY_FILE);
        die("ftok(" KEY_FILE ")");
    }
    /* END SOLUTION */

    /* TODO 2: get the EXISTING segment (shmget(2)) of sizeof(struct message)
     * bytes, with flags 0. Without IPC_CREAT, a missing segment is an error
     * (ENOENT: the producer has not run yet) instead of a new, empty segment.
     * Without permission bits, shmget asks for no access: the consumer only
     * reads, and shmat checks that. A smaller segment gives EINVAL. */
    /* BEGIN SOLUTION */
    int shmid = shmget(key, sizeof(struct message), 0);
    if (shmid == -1) {
        if (errno == ENOENT)
            fail("shmget: no segment with key 0x%08x; run the producer first", (unsigned)key);
        if (errno == EINVAL)
            fail("shmget: the segment with key 0x%08x is smaller than %zu bytes", (unsigned)key,
                 sizeof(struct message));
        die("shmget");
    }
    /* END SOLUTION */

    /* TODO 3: attach it read-only: shmat(2) with the flag SHM_RDONLY, which
     * needs only read permission; a write through it would be a SIGSEGV.
     * (SHM_R and SHM_W are permission bits, not shmat flags.) */
    /* BEGIN SOLUTION */
    const struct message *shared = shmat(shmid, NULL, SHM_RDONLY);
    if (shared == (void *)-1)
        die("shmat");
    /* END SOLUTION */

    /* TODO 4: print the message. Do not trust another program to have
     * terminated it: "%.*s" prints at most sizeof shared->text characters. */
    /* BEGIN SOLUTION */
    printf("%.*s\n", (int)sizeof shared->text, shared->text);
    /* END SOLUTION */

    /* TODO 5: detach the segment (shmdt(2)). */
    /* BEGIN SOLUTION */
    if (shmdt(shared) == -1)
        die("shmdt");
    /* END SOLUTION */

    /* TODO 6: with -r, remove the segment (shmctl(2), IPC_RMID). */
    /* BEGIN SOLUTION */
    /* SKELETON: (void)remove_segment; // delete this line once you use remove_segment */
    if (remove_segment && shmctl(shmid, IPC_RMID, NULL) == -1)
        die("shmctl(IPC_RMID)");
    /* END SOLUTION */

    return EXIT_SUCCESS;
}

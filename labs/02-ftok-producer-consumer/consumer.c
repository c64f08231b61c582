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

    /* TODO 2: get the EXISTING segment (shmget(2)) of sizeof(struct message)
     * bytes, with flags 0. Without IPC_CREAT, a missing segment is an error
     * (ENOENT: the producer has not run yet) instead of a new, empty segment.
     * Without permission bits, shmget asks for no access: the consumer only
     * reads, and shmat checks that. A smaller segment gives EINVAL. */

    /* TODO 3: attach it read-only: shmat(2) with the flag SHM_RDONLY, which
     * needs only read permission; a write through it would be a SIGSEGV.
     * (SHM_R and SHM_W are permission bits, not shmat flags.) */

    /* TODO 4: print the message. Do not trust another program to have
     * terminated it: "%.*s" prints at most sizeof shared->text characters. */

    /* TODO 5: detach the segment (shmdt(2)). */

    /* TODO 6: with -r, remove the segment (shmctl(2), IPC_RMID). */
    (void)remove_segment; // delete this line once you use remove_segment

    return EXIT_SUCCESS;
}

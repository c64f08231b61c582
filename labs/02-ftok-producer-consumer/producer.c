/*
 * producer.c - lab 02: leave one message in a segment that a key names.
 *
 * The producer derives the segment's key from a file (ftok), gets the segment
 * (creating it if it does not exist yet), attaches it, reads one line on
 * standard input and copies it into the segment, bounded and terminated, then
 * detaches. It does NOT remove the segment: a segment outlives the process
 * that made it, and the consumer, started later, finds it by the same key.
 *
 * Usage: producer                  (then type one line)
 *        echo "hello" | producer
 *        producer < file           (the first line of the file)
 * The newline is not part of the message; a longer line is cut to its first
 * MESSAGE_SIZE - 1 (127) characters.
 *
 * Man pages: ftok(3), shmget(2), shmat(2), shmdt(2), fgets(3).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>

#include "error.h"
#include "shm02.h"

int main(int argc, char *argv[])
{
    if (argc != 1)
        fail("usage: %s < message   (one line on standard input, at most %d characters kept)",
             argv[0], MESSAGE_SIZE - 1);

    /* TODO 1: derive the key from KEY_FILE and PROJECT_ID (ftok(3)); on failure
     * ftok returns -1. A missing key file (errno ENOENT) deserves its own
     * message. Never create the file here: a typo in KEY_FILE would then give
     * the producer and the consumer two different keys without a word. */

    /* TODO 2: get the segment, creating it if it does not exist (shmget(2)):
     * sizeof(struct message) bytes, flags IPC_CREAT | SEGMENT_MODE. On failure
     * shmget returns -1. Two failures deserve their own message: EINVAL (a
     * segment with this key exists and is smaller) and EACCES (it exists and
     * you may not write it). */

    /* TODO 3: attach the segment for reading and writing (shmat(2), flags 0).
     * On failure shmat returns (void *) -1, not NULL. */

    /* TODO 4: read one line into a local array of MESSAGE_SIZE bytes with
     * fgets(3): it stores at most size - 1 characters and always adds '\0'
     * (gets(3) had no bound at all, and is gone from C11). When the input ends
     * before any character, fgets returns NULL and leaves the array as it was:
     * make that the empty message. It returns NULL on a read error too: then
     * ferror(stdin) is true, and the producer stops (die) before it writes in
     * the segment. Then cut the newline, if there is one. */

    /* TODO 5: copy the message into the segment, '\0' included, without ever
     * writing more than sizeof shared->text bytes. */

    /* TODO 6: detach the segment (shmdt(2)). Do not remove it: the consumer
     * has not read it yet. */

    return EXIT_SUCCESS;
}

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
    /* BEGIN SOLUTION */
    key_t key = ftok(KEY_FILE, PROJECT_ID);
    if (key == -1) {
        if (errno == ENOENT)
            fail("ftok: the key file %s does not exist; create it with: touch %s", KEY_FILE,
                 KEY_FILE);
        die("ftok(" KEY_FILE ")");
    }
    /* END SOLUTION */

    /* TODO 2: get the segment, creating it if it does not exist (shmget(2)):
     * sizeof(struct message) bytes, flags IPC_CREAT | SEGMENT_MODE. On failure
     * shmget returns -1. Two failures deserve their own message: EINVAL (a
     * segment with this key exists and is smaller) and EACCES (it exists and
     * you may not write it). */
    /* BEGIN SOLUTION */
    int shmid = shmget(key, sizeof(struct message), IPC_CREAT | SEGMENT_MODE);
    if (shmid == -1) {
        if (errno == EINVAL)
            fail("shmget: a segment with key 0x%08x exists and is smaller than %zu bytes; "
                 "remove it with: ipcrm -M 0x%08x",
                 (unsigned)key, sizeof(struct message), (unsigned)key);
        if (errno == EACCES)
            fail("shmget: a segment with key 0x%08x exists and you may not write it",
                 (unsigned)key);
        die("shmget");
    }
    /* END SOLUTION */

    /* TODO 3: attach the segment for reading and writing (shmat(2), flags 0).
     * On failure shmat returns (void *) -1, not NULL. */
    /* BEGIN SOLUTION */
    struct message *shared = shmat(shmid, NULL, 0);
    if (shared == (void *)-1)
        die("shmat");
    /* END SOLUTION */

    /* TODO 4: read one line into a local array of MESSAGE_SIZE bytes with
     * fgets(3): it stores at most size - 1 characters and always adds '\0'
     * (gets(3) had no bound at all, and is gone from C11). When the input ends
     * before any character, fgets returns NULL and leaves the array as it was:
     * make that the empty message. It returns NULL on a read error too: then
     * ferror(stdin) is true, and the producer stops (die) before it writes in
     * the segment. Then cut the newline, if there is one. */
    /* BEGIN SOLUTION */
    char line[MESSAGE_SIZE];
    if (fgets(line, sizeof line, stdin) == NULL) {
        if (ferror(stdin))
            die("fgets");
        line[0] = '\0';
    }
    line[strcspn(line, "\n")] = '\0';
    /* END SOLUTION */

    /* TODO 5: copy the message into the segment, '\0' included, without ever
     * writing more than sizeof shared->text bytes. */
    /* BEGIN SOLUTION */
    snprintf(shared->text, sizeof shared->text, "%s", line);
    printf("producer: %zu characters in segment %d (key 0x%08x)\n", strlen(shared->text), shmid,
           (unsigned)key);
    /* END SOLUTION */

    /* TODO 6: detach the segment (shmdt(2)). Do not remove it: the consumer
     * has not read it yet. */
    /* BEGIN SOLUTION */
    if (shmdt(shared) == -1)
        die("shmdt");
    /* END SOLUTION */

    return EXIT_SUCCESS;
}

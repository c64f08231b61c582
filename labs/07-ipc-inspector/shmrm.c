/*
 * shmrm.c - lab 07: remove a System V shared memory segment, like
 * `ipcrm -m SHMID` and `ipcrm -M KEY`.
 *
 * shmctl(2) with IPC_RMID removes a segment at once if nobody has it
 * attached. Otherwise the kernel only marks it for removal: it stays, with
 * the status "dest" and the key 0x00000000, until its last detach.
 *
 * Usage: shmrm -m SHMID     remove the segment with this id
 *        shmrm -M KEY       remove the segment with this key (0x1234abcd)
 *
 * Man pages: shmctl(2) (IPC_RMID, IPC_STAT), shmget(2), ipcrm(1), strtoll(3).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>

#include "error.h"
#include "parse.h"

/*
 * parse_key - the key written in text: hexadecimal with 0x, as ipcs shows
 * it, or decimal, negative included, as /proc/sysvipc/shm shows it. Stops
 * with a message when the text is not a key, or is 0 (IPC_PRIVATE).
 */
static key_t parse_key(const char *text)
{
    /* TODO 5: convert text with strtoll(3) in base 0 ("0x..." is read as
     * hexadecimal). A key is 32 bits: accept INT_MIN .. 0xffffffff, and
     * turn the values above INT_MAX into the negative key_t they stand for.
     * Refuse 0: it is IPC_PRIVATE, the key of every private segment. */
    (void)text;
    return IPC_PRIVATE;
}

/*
 * remove_segment - remove the segment shmid, or mark it for removal if it is
 * still attached. `name` says how the user named it, for the messages.
 */
static void remove_segment(int shmid, const char *name)
{
    /* TODO 6: shmctl(shmid, IPC_RMID, NULL). On failure, say why and exit
     * with a non-zero status: EINVAL means no segment has this id, EPERM
     * that you are neither its owner nor its creator; die() for the rest.
     * Then say whether it is gone, or only marked for removal (IPC_STAT
     * still works on a marked segment: it is still attached). */
    (void)shmid;
    (void)name;
}

int main(int argc, char *argv[])
{
    char name[64];

    if (argc != 3 || (strcmp(argv[1], "-m") != 0 && strcmp(argv[1], "-M") != 0))
        fail("usage: %s -m SHMID | -M KEY\n"
             "  -m SHMID  remove the segment with this id\n"
             "  -M KEY    remove the segment with this key (e.g. 0x1234abcd)",
             argv[0]);

    if (strcmp(argv[1], "-m") == 0) {
        /* An id is written in decimal, as ipcs shows it. */
        int shmid = (int)parse_long(argv[2], 0, INT_MAX, argv[0], "-m SHMID");

        snprintf(name, sizeof name, "segment id %d", shmid);
        remove_segment(shmid, name);
    } else {
        key_t key = parse_key(argv[2]);

        snprintf(name, sizeof name, "key 0x%08x", (unsigned)key);
        /* TODO 7: find the id of the segment that has this key, with
         * shmget(key, 0, 0): size 0 and no IPC_CREAT only look an existing
         * segment up. ENOENT means no segment has this key (not even a
         * message queue would do: ipcrm -Q removes queues, not segments).
         * Then remove it with remove_segment(). */
        (void)key;
    }
    return EXIT_SUCCESS;
}

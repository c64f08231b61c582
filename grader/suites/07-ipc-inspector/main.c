/*
 * main.c - the tests of lab 07 (shmls, shmrm), in three files: state.c
 * builds the segments every test lists or removes, listing.c reads and
 * checks shmls's output, removal.c checks shmrm.
 *
 * The programs' contract (the lab's handout, "What the grader checks"):
 *
 *   shmls (no argument) prints, for each segment, one line of standard output
 *   holding these words: the key as 0x followed by 8 hex digits (0x%08x), the
 *   id in decimal, the owner (user name, or the uid in decimal when no user
 *   has it), the permissions in octal (600 or 0600), the size in bytes, the
 *   number of attachments, and the word "dest" if and only if the segment is
 *   marked for removal. Words are runs of letters, digits and `_ - . $`
 *   (a final period is ignored); anything else separates them, so layout,
 *   order, headers and labels ("key=0x...") are free. It exits 0.
 *
 *   shmrm -m ID / shmrm -M KEY (KEY as 0x%08x) removes that segment and
 *   exits 0, and says on standard output whether it is gone or only marked
 *   (the word "dest" then, and only then); on an unknown id or key, a text
 *   that is not a whole id or key (trailing characters, more than 32 bits,
 *   key 0), or a segment it may not remove, it prints a message on standard
 *   error, exits non-zero, removes nothing; any other failure of shmget or
 *   shmctl is reported with the system's reason (strerror).
 *
 * Every test builds the same state in its own IPC namespace: six segments
 * (a keyed one whose key has its high bit set, an IPC_PRIVATE one attached
 * twice, one owned by root with mode 644 and attached once, one marked for
 * removal while this test process keeps it attached, a read-only one, one
 * of mode 000 that SHM_STAT may not read and a lister may leave out), with
 * fresh keys, and, isolated, a message queue with the same key as the first
 * segment. Isolated, each segment gets an id whose sequence part is not 0
 * (/proc/sys/kernel/shm_next_id), so an id is never its index: a lister that
 * calls IPC_STAT on 0..N instead of SHM_STAT on indexes finds nothing.
 *
 * The expected fields are what util-linux `ipcs -m` prints for the same
 * state, run from this process (inside the namespace) with LC_ALL=C.
 *
 * Modes: as root (namespaces or fallback) a segment is given to root while
 * the programs run as an unprivileged uid, so the owner name and EPERM are
 * tested; in user mode only one uid exists, so that segment belongs to the
 * programs' uid too and the EPERM case is skipped. In the fallback the
 * host's segments are visible: only the test's own segments are compared.
 */
#include "state.h"

static const struct lab lab = {
    .name = LAB_NAME,
    .programs = LAB_PROGRAMS,
    .parts = (const struct graded_test *const[]){listing_tests, removal_tests, NULL},
    .seconds = 0.75, /* the solution, bench/02-speed: the runner starts the longest labs first */
};

LAB_MAIN(lab)

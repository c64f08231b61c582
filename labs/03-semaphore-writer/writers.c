/*
 * writers.c - lab 03, step 2: the lost update, fixed with a semaphore.
 *
 * The same program as lost_update.c, with one difference: every update of
 * the shared record is done while holding a lock, a System V semaphore
 * initialised to 1. Taking the lock is P (semop with -1: wait until the value
 * is 1, then make it 0); giving it back is V (semop with +1). Only one writer
 * at a time can be between P and V, so no update is lost, and a writer never
 * sees the record half updated.
 *
 * The parent creates the segment and the semaphore set, forks WRITERS
 * writers, waits for them, prints the record it expected and the one it
 * found, then removes the set and the segment. It exits 0 when every writer
 * ended normally and the record is exactly the expected one.
 *
 * Usage: writers [-w WRITERS] [-n UPDATES]
 *
 * Man pages: semget(2), semctl(2), semop(2), shmget(2), shmat(2), shmdt(2),
 * shmctl(2), fork(2), waitpid(2), getopt(3), strsignal(3).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "account.h"
#include "error.h"
#include "parse.h"

/* How a writer ends (its exit status). */
#define WRITER_OK           0
#define WRITER_FAILED       1 /* a call failed */
#define WRITER_INCONSISTENT 2 /* it saw a record whose fields disagree */

/* TODO 1: define union semun, the fourth argument of semctl(2). No header
 * declares it: the man page says the calling program must define it, with
 * the members val (for SETVAL), buf (IPC_STAT, IPC_SET) and array (GETALL,
 * SETALL). */

static void usage(const char *program)
{
    fail("usage: %s [-w WRITERS] [-n UPDATES]\n"
         "  WRITERS  writer processes (1 to %d, default %d)\n"
         "  UPDATES  updates by each writer (1 to %d, default %d)",
         program, MAX_WRITERS, DEFAULT_WRITERS, MAX_UPDATES, DEFAULT_UPDATES);
}

/* TODO 4: write lock_account() (P) and unlock_account() (V) with semop(2),
 * one operation on semaphore 0 of the set: sem_op -1 to take the lock, +1 to
 * give it back. Two details matter:
 *  - sem_flg = SEM_UNDO: if a writer dies while it holds the lock (killed by
 *    a signal, for instance), the kernel undoes its -1, so the lock is free
 *    again; without it, the other writers would wait forever.
 *  - a signal can interrupt semop while it waits: it then fails with EINTR.
 *    That is not an error: call semop again.
 * Return 0, or -1 (errno set) if semop failed for another reason.
 * (From lab 05 on, the kit gives P and V for any semaphore in common/pv.h;
 * here, you write them yourself.) */

/* P: wait until the lock is free, then take it. */
static int lock_account(int semid)
{
    (void)semid;
    errno = ENOSYS; // TODO 4: not written yet
    return -1;
}

/* V: give the lock back (and wake up a writer waiting for it, if any). */
static int unlock_account(int semid)
{
    (void)semid;
    errno = ENOSYS; // TODO 4: not written yet
    return -1;
}

/* A writer: `updates` updates, each under the lock. Runs in a child; never returns. */
static void run_writer(struct account *acct, int semid, long updates)
{
    int status = WRITER_OK;
    long violations = 0;

    /* TODO 5: `updates` times: take the lock, check the record (with
     * account_consistent(); count the records found inconsistent in
     * `violations`), update it with account_update(acct, account_amount(i)),
     * give the lock back. If lock_account() or unlock_account() fails, say
     * so (die_child): a writer must never touch the record unlocked. */
    (void)acct; // delete these lines once you use the names
    (void)semid;
    (void)updates;
    (void)lock_account;
    (void)unlock_account;

    if (violations > 0) {
        fprintf(stderr, "writer %d: %ld inconsistent records seen\n", (int)getpid(), violations);
        status = WRITER_INCONSISTENT;
    }
    if (shmdt(acct) == -1)
        die_child("shmdt");
    fflush(stdout);
    _exit(status);
}

int main(int argc, char *argv[])
{
    long writers = DEFAULT_WRITERS, updates = DEFAULT_UPDATES;
    int opt;

    while ((opt = getopt(argc, argv, "w:n:")) != -1) {
        if (opt == 'w')
            writers = parse_long(optarg, 1, MAX_WRITERS, argv[0], "-w WRITERS");
        else if (opt == 'n')
            updates = parse_long(optarg, 1, MAX_UPDATES, argv[0], "-n UPDATES");
        else
            usage(argv[0]);
    }
    if (optind != argc)
        usage(argv[0]);

    /* TODO 2: create a private segment for one struct account (IPC_PRIVATE,
     * permissions ACCOUNT_PERMS) and attach it. shmat(2) returns (void *) -1
     * on failure, not NULL. If shmat fails, remove the segment before
     * stopping, so that nothing is left behind. */
    struct account *acct = NULL;
    fail("the segment is not created yet: start with TODO 2");

    /* TODO 3: create a set of one semaphore (semget(2): IPC_PRIVATE, 1,
     * permissions ACCOUNT_PERMS) and set it to 1, "free", with
     * semctl(semid, 0, SETVAL, arg) where arg is a union semun whose val is
     * 1. Linux creates semaphores at 0: a lock never set to 1 is taken
     * forever, and every writer waits in P. Do it before fork(), so that
     * the lock is ready before any writer uses it. On failure, detach and
     * remove the segment (and the set, if it exists) before stopping. */
    int semid = -1;

    fflush(stdout); /* nothing buffered may be copied into the children */
    long started = 0;
    for (long w = 0; w < writers; w++) {
        pid_t pid = fork();
        if (pid == -1) {
            perror("fork");
            break;
        }
        if (pid == 0)
            run_writer(acct, semid, updates);
        started++;
    }

    int status = started == writers ? EXIT_SUCCESS : EXIT_FAILURE;
    long inconsistent = 0;

    /* TODO 6: wait for every writer started (wait(2) or waitpid(2)). A
     * writer that did not exit with WRITER_OK makes the program fail
     * (status = EXIT_FAILURE). Say which writers were killed by a signal
     * (WIFSIGNALED, WTERMSIG, strsignal(3)), and count in `inconsistent`
     * those that ended with WRITER_INCONSISTENT. */
    (void)started;

    struct account expected = account_expected(writers, updates);
    int exact = acct->operations == expected.operations && acct->deposits == expected.deposits &&
                acct->withdrawals == expected.withdrawals && acct->balance == expected.balance;
    printf("%ld writers x %ld updates, under a semaphore\n", writers, updates);
    printf("operations: expected %ld, counted %ld\n", expected.operations, acct->operations);
    printf("balance:    expected %ld, found   %ld\n", expected.balance, acct->balance);
    printf("writers that saw an inconsistent record: %ld\n", inconsistent);
    printf("%s\n", exact ? "the record is exact" : "the record is WRONG");
    if (!exact)
        status = EXIT_FAILURE;

    /* TODO 7: remove the semaphore set (semctl(semid, 0, IPC_RMID)), then
     * detach the segment (shmdt) and remove it (shmctl(shmid, IPC_RMID,
     * NULL)). Both outlive the processes: what is not removed stays in the
     * system (ipcs) until the machine restarts. Only the parent does it,
     * after every writer has ended. */
    (void)semid;

    return status;
}

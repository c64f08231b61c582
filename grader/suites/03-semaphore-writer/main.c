/*
 * main.c - the tests of lab 03 (writers); watch.c runs and watches the
 * program for them.
 *
 * The program's contract (the lab's handout):
 *
 *   writers [-w WRITERS] [-n UPDATES]
 *
 * creates a private segment holding one struct account (account.h: four
 * longs, operations, deposits, withdrawals, balance) and a set of one System
 * V semaphore set to 1 with semctl(SETVAL), in the parent, before fork. Then
 * WRITERS writer processes each do UPDATES updates of the record (update i
 * deposits 2 when i is even, withdraws 1 when i is odd), each one between P
 * and V with SEM_UNDO. The parent waits for every writer, prints the final
 * operations and balance, removes the set and the segment, and exits 0 when
 * every writer ended normally and the record is exact.
 *
 * Points come from the state the grader observes, not from what the program
 * prints. The preload stops the program's parent right after its first
 * successful semctl or semop, whichever comes first: the initialisation, by
 * SETVAL as the handout asks, or by a first V (SHMLAB_RAISE, STOP_AT_INIT).
 * While it is stopped, no writer exists yet: the grader attaches the segment
 * (so it can read the record after the program has removed it), reads the
 * semaphore's value, may take the semaphore itself, then lets the program go
 * on with SIGCONT. W and M are drawn at random for each run, so a hard-coded
 * result fails.
 *
 * The lost update without a lock is caught by the exact count in practically
 * every run (account_update() gives the processor away in the middle of the
 * update); bench/03-reliability measures how often each mistake of the
 * corpus is caught.
 */
#define _GNU_SOURCE /* semtimedop */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../po/i18n.h"
#include "suite.h"
#include "lab03.h"

/* ---- the count -------------------------------------------------------- */

START_TEST(exact_count)
{
    int run;

    for (run = 0; run < 3; run++) {
        long writers = pick(4, 6), updates = 5000 / writers + pick(0, 200);
        struct record want = expected(writers, updates), got;
        struct sb_result res;
        struct watch w;
        char a[200], b[200], how[1024];

        start_watched(&w, writers, updates, STOP_AT_INIT, 1, 0);
        assert_stopped(&w, "");
        finish(&w, &res, &got);
        assert_finished(&w, &res);
        ck_assert_msg(same_record(&got, &want),
                      _("`%s`: expected the record to hold %s at the end; it held %s (%ld updates "
                        "lost)"),
                      w.command, describe_record(&want, a, sizeof a),
                      describe_record(&got, b, sizeof b), want.operations - got.operations);
        ck_assert_msg(res.exited && res.exit_status == 0,
                      _("`%s`: the record was exact; expected exit status 0, but the program %s"),
                      w.command, sb_describe(&res, how, sizeof how));
        ck_assert_msg(has_integer(res.out, want.operations) && has_integer(res.out, want.balance),
                      _("`%s`: expected the program to print the final operations (%ld) and "
                        "balance (%ld); its output held neither or only one of them"),
                      w.command, want.operations, want.balance);
        sb_result_free(&res);
    }
}
END_TEST

/* ---- the lock, seen from the grader ------------------------------------ */

/*
 * The grader takes the semaphore as the protocol says (P, with SEM_UNDO)
 * before any writer exists, and holds it until every writer waits for it:
 * meanwhile nobody may touch the record. Then, while the writers run, it
 * takes the semaphore again and again, and checks each time that the record
 * is consistent and does not change while it holds the lock.
 */
START_TEST(lock_respected)
{
    struct sembuf take = {0, -1, SEM_UNDO}, give = {0, +1, SEM_UNDO};
    struct record seen, after, last, progress;
    struct sb_result res;
    struct watch w;
    char a[200], b[200], how[1024];
    double deadline, since;
    int ncnt = 0, most = 0, changed = 0, torn = 0;

    start_watched(&w, 4, 600, STOP_AT_INIT, 1, 1);
    assert_stopped(&w, "");
    ck_assert_msg(w.semval == 1,
                  _("`%s`: the semaphore was set to %d; a lock starts free, at 1 (see the test "
                    "initialised)"),
                  w.command, w.semval);
    ck_assert_msg(w.held,
                  _("grader: cannot take the program's semaphore while its parent is stopped"));
    seen = *w.rec;
    resume(&w);
    deadline = now() + 2 * sb_timeout_scale();
    while (now() < deadline && !sb_ended(w.proc)) {
        ncnt = semctl(w.semid, 0, GETNCNT);
        if (ncnt > most)
            most = ncnt;
        after = *w.rec;
        if (!same_record(&seen, &after) || ncnt >= w.writers)
            break;
        nap_ms(1);
    }
    after = *w.rec;
    semop(w.semid, &give, 1);
    if (!same_record(&seen, &after)) {
        finish(&w, &res, &last);
        ck_abort_msg(_("`%s`: the grader held the semaphore before the writers started; the record "
                       "went from %s to %s meanwhile: a writer updated it without taking the lock"),
                     w.command, describe_record(&seen, a, sizeof a),
                     describe_record(&after, b, sizeof b));
    }
    if (most < w.writers) {
        finish(&w, &res, &last);
        ck_abort_msg(_("`%s`: the grader held the semaphore before the writers started; at most "
                       "%d of the %ld writers waited for it (semncnt); each writer must take the "
                       "lock (semop, sem_op -1) before each update. The program %s"),
                     w.command, most, w.writers, sb_describe(&res, how, sizeof how));
    }

    /* While the writers run: take the lock, look twice, give it back. A
     * record that stops changing is left to finish(), which ends the run. */
    progress = *w.rec;
    since = now();
    while (!sb_ended(w.proc)) {
        struct timespec limit = {1, 0};

        if (!same_record(&progress, w.rec)) {
            progress = *w.rec;
            since = now();
        } else if (now() - since > RUN_TIMEOUT * sb_timeout_scale()) {
            break;
        }

        if (semtimedop(w.semid, &take, 1, &limit) == -1) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN) {
                finish(&w, &res, &last);
                ck_abort_msg(_("`%s`: the grader could not take the semaphore within 1 s while the "
                               "writers ran: is it always given back (V after each update)? The "
                               "program %s"),
                             w.command, sb_describe(&res, how, sizeof how));
            }
            break; /* removed (EIDRM, EINVAL): the writers are done */
        }
        seen = *w.rec;
        nap_ms(1);
        after = *w.rec;
        semop(w.semid, &give, 1);
        if (!consistent(&seen) && torn++ == 0)
            last = seen;
        if (!same_record(&seen, &after) && changed++ == 0)
            last = after;
        if (torn || changed)
            break;
        nap_ms(1);
    }
    {
        struct record end;

        finish(&w, &res, &end);
    }
    ck_assert_msg(!torn,
                  _("`%s`: while holding the semaphore, the grader found the record inconsistent "
                    "(balance != deposits - withdrawals): %s; a writer was in the middle of an "
                    "update without holding the lock"),
                  w.command, describe_record(&last, a, sizeof a));
    ck_assert_msg(!changed,
                  _("`%s`: while the grader held the semaphore, the record changed from %s to %s: "
                    "a writer updated it without holding the lock"),
                  w.command, describe_record(&seen, b, sizeof b),
                  describe_record(&last, a, sizeof a));
    ck_assert_msg(!res.timed_out, _("`%s`: the program %s"), w.command,
                  sb_describe(&res, how, sizeof how));
    sb_result_free(&res);
}
END_TEST

/* ---- SEM_UNDO --------------------------------------------------------- */

START_TEST(sem_undo)
{
    long writers = 4, updates = 400, nth = pick(2, 200);
    long low = (writers - 1) * updates;
    int killed;
    char raise[96], how[1024], a[200];
    struct sb_result res;
    struct record got;
    struct watch w;

    snprintf(raise, sizeof raise, "%s,child:semop-lock:%ld:KILL", STOP_AT_INIT, nth);
    start_watched(&w, writers, updates, raise, 1, 0);
    assert_stopped(&w, NEEDS_WORK);
    finish(&w, &res, &got);
    ck_assert_msg(!res.timed_out,
                  _("`%s`: the grader killed the first writer (SIGKILL) right after it took the "
                    "lock, its P number %ld; the other writers must go on, but the program %s"),
                  w.command, nth, sb_describe(&res, how, sizeof how));
    /* The trace only explains the verdict: did the kill happen at all? */
    killed = strstr(res.trace, "raising SIGKILL") != NULL;
    ck_assert_msg(got.operations == low + nth - 1 && consistent(&got),
                  _("`%s`: the grader set the first writer to be killed right after its P number "
                    "%ld%s; expected the other %ld writers to do all their updates, and the record "
                    "to hold %ld operations (%ld by the others, %ld by the killed writer before it "
                    "died), consistent; it held %s"),
                  w.command, nth,
                  killed ? _(" (it was)")
                         : _(" (it never was: the first writer did not take the lock that many "
                             "times with semop, sem_op -1; it must take it for each update)"),
                  writers - 1, low + nth - 1, low, nth - 1, describe_record(&got, a, sizeof a));
    ck_assert_msg(res.exited && res.exit_status != 0,
                  _("`%s`: a writer was killed by a signal; expected the parent to report it and "
                    "exit with a non-zero status; the program %s"),
                  w.command, sb_describe(&res, how, sizeof how));
    sb_result_free(&res);
}
END_TEST

/* ---- initialisation ---------------------------------------------------- */

START_TEST(initialised)
{
    struct sb_result res;
    struct record rec;
    struct watch w;
    char how[1024], calls[600];

    start_watched(&w, 4, 50, STOP_AT_INIT, 0, 0);
    if (!w.ready) {
        finish(&w, &res, &rec);
        ck_abort_msg(_("`%s`: expected the parent to set its semaphore to 1 with "
                       "semctl(semid, 0, SETVAL, arg) before fork; %s. The program %s\n"
                       "IPC calls seen: %s"),
                     w.command, w.why, sb_describe(&res, how, sizeof how),
                     sb_calls(&res, calls, sizeof calls));
    }
    ck_assert_msg(w.nsets == 1, _("`%s`: expected one semaphore set; the program had made %d"),
                  w.command, w.nsets);
    ck_assert_msg(w.semval == 1,
                  _("`%s`: after the parent's first semctl or semop, the semaphore's value was "
                    "%d; expected 1 (a free lock): set it with semctl(semid, 0, SETVAL, arg), "
                    "arg.val = 1"),
                  w.command, w.semval);
    finish(&w, &res, &rec);
    ck_assert_msg(!res.timed_out, _("`%s`: the program %s"), w.command,
                  sb_describe(&res, how, sizeof how));
    sb_result_free(&res);
}
END_TEST

/* ---- clean-up ------------------------------------------------------------ */

START_TEST(removed)
{
    struct sb_result res;
    struct record rec;
    struct watch w;
    char left[1024], calls[600];
    int leaked;

    start_watched(&w, 4, 100, STOP_AT_INIT, 0, 0);
    assert_stopped(&w, NEEDS_WORK);
    finish(&w, &res, &rec);
    assert_finished(&w, &res);
    leaked = ipc_leftovers(NULL, 0, left, sizeof left);
    ck_assert_msg(leaked == 0,
                  _("`%s`: expected nothing left when the program ended; %d objects were never "
                    "removed: %s\nIPC calls seen: %s"),
                  w.command, leaked, left, sb_calls(&res, calls, sizeof calls));
    sb_result_free(&res);
}
END_TEST

/* ---- failures ------------------------------------------------------------- */

/* The program works normally, then stops cleanly when `fault` is injected. */
static void check_failure_reported(const char *fault, const char *what)
{
    static const char *args[] = {"-w", "4", "-n", "50", NULL};
    struct sb_spec spec = {0};
    struct sb_result res;
    struct record rec;
    struct watch w;
    char how[1024], left[1024];
    int before, after;

    start_watched(&w, 4, 50, STOP_AT_INIT, 0, 0);
    assert_stopped(&w, NEEDS_WORK);
    finish(&w, &res, &rec);
    sb_result_free(&res);
    /* What the normal run left is the test removed's business, not this one's. */
    before = ipc_leftovers(NULL, 0, left, sizeof left);

    spec.program = PROGRAM;
    spec.args = args;
    spec.fail = fault;
    spec.timeout = RUN_TIMEOUT;
    sb_run(&spec, &res);
    ck_assert_msg(!res.timed_out && !res.signaled,
                  _("when %s (the grader made %s fail), expected the program to stop with a "
                    "message; it %s"),
                  what, fault, sb_describe(&res, how, sizeof how));
    ck_assert_msg(res.exited && res.exit_status != 0,
                  _("when %s (the grader made %s fail), expected a non-zero exit status; it %s"),
                  what, fault, sb_describe(&res, how, sizeof how));
    ck_assert_msg(res.err[0] != '\0',
                  _("when %s, expected a message on standard error (perror or die); it printed "
                    "none"),
                  what);
    after = ipc_leftovers(NULL, 0, left, sizeof left);
    ck_assert_msg(after <= before,
                  _("when %s (the grader made %s fail), expected the program to remove what it "
                    "had already created before stopping; %d objects were left: %s"),
                  what, fault, after - before, left);
    sb_result_free(&res);
}

START_TEST(semget_failure)
{
    check_failure_reported("semget:ENOSPC", _("the semaphore set cannot be created"));
}
END_TEST

START_TEST(shmat_failure)
{
    check_failure_reported("shmat:ENOMEM", _("the segment cannot be attached"));
}
END_TEST

static const struct graded_test tests[] = {
    {.test = &exact_count,
     .points = 4,
     .title = "3 runs with random writers and updates: the record is exact, the program exits 0",
     .hint = "Lost updates: every writer must take the lock (P) before account_update() and give "
             "it back (V) after it, around the whole read-modify-write, not a part of it. The "
             "record must be in a segment created and attached before fork(). Notes, section 6 "
             "(the lost update) and section 7 (the counter, fixed).",
     .timeout = 3 * BUSY_TIMEOUT + 10},
    {.test = &lock_respected,
     .points = 3,
     .title = "the writers wait for the semaphore, and nobody touches the record without it",
     .hint = "The grader takes the semaphore itself, as the protocol says: while it holds it, no "
             "writer may read or write the record. Put P before the first read of the record and V "
             "after the last write, in every writer, with the same semaphore. Notes, section 7 (P "
             "and V; the counter, fixed).",
     .timeout = BUSY_TIMEOUT + 10},
    {.test = &sem_undo,
     .points = 2,
     .title = "a writer killed while it holds the lock does not block the others",
     .hint =
         "Without SEM_UNDO, a writer killed between P and V leaves the semaphore at 0 forever and "
         "every other writer blocks in P (a deadlock). Set sem_flg = SEM_UNDO in both P and V: the "
         "kernel then undoes the P of a process that dies. The parent reports a writer killed by a "
         "signal (WIFSIGNALED). Notes, section 7 (SEM_UNDO: dying while holding the lock).",
     .timeout = BUSY_TIMEOUT + 10},
    {.test = &initialised,
     .points = 1,
     .title = "the semaphore is set to 1 with semctl(SETVAL) before the writers start",
     .hint =
         "Linux creates semaphores at 0: a lock never set is taken forever, and every writer waits "
         "in P. Define union semun, set arg.val = 1 and call semctl(semid, 0, SETVAL, arg) in the "
         "parent, before fork(). Notes, section 7 (creating and initialising a set)."},
    {.test = &removed,
     .points = 2,
     .title = "the semaphore set and the segment are removed at the end",
     .hint =
         "Semaphore sets and segments outlive the processes: after waiting for every writer, "
         "remove the set (semctl(semid, 0, IPC_RMID)), detach and remove the segment (shmdt, then "
         "shmctl(shmid, IPC_RMID, NULL)). Notes, section 3 and section 7 (removing the set)."},
    {.test = &semget_failure,
     .points = 1,
     .title = "a failed semget is reported, and the segment already created is removed",
     .hint = "Compare semget's result with -1; on failure detach and remove the segment you "
             "already created, then print the reason (perror or die) and exit with a non-zero "
             "status. Notes, section 7."},
    {.test = &shmat_failure,
     .points = 1,
     .title = "a failed shmat is reported, not used",
     .hint = "shmat returns (void *) -1 on failure, not NULL: `if (acct == (void *) -1)`; then "
             "remove the segment and stop with a message. Notes, section 3 (the errata box)."},
    END_OF_TESTS,
};

static const struct lab lab = {
    .name = "03-semaphore-writer",
    .programs = "lost_update writers",
    .tests = tests,
    .seconds = 1.0, /* the solution, bench/02-speed: the runner starts the longest labs first */
};

LAB_MAIN(lab)

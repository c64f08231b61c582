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

        start_watched(&w, writers, updates, STOP_AT_INIT, 1, 0, NULL);
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

    start_watched(&w, 4, 600, STOP_AT_INIT, 1, 1, NULL);
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
    if (res.timed_out)
        fail_watched(&w, _("`%s`: the program %s"), w.command, sb_describe(&res, how, sizeof how));
    sb_result_free(&res);
}
END_TEST

/* ---- SEM_UNDO --------------------------------------------------------- */

START_TEST(sem_undo)
{
    long writers = 4, updates = 400, nth = pick(2, 200);
    long low = (writers - 1) * updates;
    int killed;
    char raise[160], how[1024], a[200];
    struct sb_result res;
    struct record got;
    struct watch w;

    snprintf(raise, sizeof raise, "%s,child:semop-lock:%ld:KILL", STOP_AT_INIT, nth);
    start_watched(&w, writers, updates, raise, 1, 0, NULL);
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

    start_watched(&w, 4, 50, STOP_AT_INIT, 0, 0, NULL);
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
    if (res.timed_out)
        fail_watched(&w, _("`%s`: the program %s"), w.command, sb_describe(&res, how, sizeof how));
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

    start_watched(&w, 4, 100, STOP_AT_INIT, 0, 0, NULL);
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

/* ---- a writer stopped and continued while it waits -------------------- */

/* The writers (not the parent) of the run, blocked in semop, into pids; returns how many. */
static int waiting_writers(const struct sb_proc *proc, pid_t *pids, int max)
{
    struct sb_process ps[MAX_PROCESSES];
    int n = sb_processes(proc, ps, MAX_PROCESSES), i, k = 0;

    for (i = 0; i < n && k < max; i++)
        if (ps[i].parent != 0 && ps[i].in_semop)
            pids[k++] = ps[i].pid;
    return k;
}

/* Are all of pids stopped (state T)? */
static int all_stopped(const struct sb_proc *proc, const pid_t *pids, int npids)
{
    struct sb_process ps[MAX_PROCESSES];
    int n = sb_processes(proc, ps, MAX_PROCESSES), i, j, stopped = 0;

    for (j = 0; j < npids; j++)
        for (i = 0; i < n; i++)
            if (ps[i].pid == pids[j] && ps[i].state == 'T')
                stopped++;
    return stopped == npids;
}

/* How many of the program's semop calls failed with EINTR (its trace). */
static int eintr_count(const char *trace)
{
    /* The preload writes strerror's text in the program's locale, C: English. */
    const char *p = trace, *what = "Interrupted system call";
    int n = 0;

    while (p != NULL && (p = strstr(p, what)) != NULL) {
        n++;
        p += strlen(what);
    }
    return n;
}

/*
 * The grader holds the lock until every writer waits for it in P, then stops
 * (SIGSTOP) and continues (SIGCONT) each of them: on Linux, a semop that was
 * waiting then fails with EINTR, without the lock, even with no handler
 * (signal(7)). The writer must do its P again: each one waits in P again,
 * the record does not change while the grader still holds the lock, and the
 * run ends on its own (its count is exact_count's business).
 */
START_TEST(eintr)
{
    struct sembuf give = {0, +1, SEM_UNDO};
    long writers = 4, updates = pick(100, 300);
    struct record seen, after, got;
    struct sb_result res;
    struct watch w;
    pid_t pids[MAX_PROCESSES];
    char a[200], b[200], how[1024];
    double deadline, start;
    int npids = 0, i, changed = 0, back = 0;

    start_watched(&w, writers, updates, STOP_AT_INIT, 1, 1, NULL);
    assert_stopped(&w, NEEDS_WORK);
    ck_assert_msg(w.held,
                  _("grader: cannot take the program's semaphore while its parent is stopped"));
    seen = *w.rec;
    resume(&w);
    deadline = now() + 2 * sb_timeout_scale();
    while (now() < deadline && !sb_ended(w.proc) &&
           (npids = waiting_writers(w.proc, pids, MAX_PROCESSES)) < writers)
        nap_ms(1);
    if (npids < writers) {
        semop(w.semid, &give, 1);
        finish(&w, &res, &got);
        ck_abort_msg(_("%s`%s`: the grader held the semaphore before the writers started; only "
                       "%d of the %ld writers waited for it in semop (see lock_respected). The "
                       "program %s"),
                     NEEDS_WORK, w.command, npids, writers, sb_describe(&res, how, sizeof how));
    }
    for (i = 0; i < npids; i++)
        kill(pids[i], SIGSTOP);
    deadline = now() + 1.0 * sb_timeout_scale();
    while (now() < deadline && !all_stopped(w.proc, pids, npids))
        nap_ms(1);
    for (i = 0; i < npids; i++)
        kill(pids[i], SIGCONT);
    /* Every writer must wait in P again; meanwhile, one that went on without
     * the lock would update the record. */
    start = now();
    deadline = start + 1.0 * sb_timeout_scale();
    while (now() < deadline && !sb_ended(w.proc) && !changed) {
        changed = !same_record(&seen, w.rec);
        back = semctl(w.semid, 0, GETNCNT);
        if (back == npids && now() - start > 0.1 * sb_timeout_scale())
            break;
        nap_ms(1);
    }
    after = *w.rec;
    changed = !same_record(&seen, &after);
    back = semctl(w.semid, 0, GETNCNT);
    semop(w.semid, &give, 1);
    finish(&w, &res, &got);
    ck_assert_msg(!changed,
                  _("`%s`: the grader held the semaphore, and stopped (SIGSTOP) and continued "
                    "(SIGCONT) each writer waiting for it; the record then went from %s to %s "
                    "while the grader still held the lock: a writer whose semop failed with "
                    "EINTR went on as if it held the lock (semop failed with EINTR %d times)"),
                  w.command, describe_record(&seen, a, sizeof a),
                  describe_record(&after, b, sizeof b), eintr_count(res.trace));
    ck_assert_msg(back == npids,
                  _("`%s`: the grader held the semaphore, and stopped (SIGSTOP) and continued "
                    "(SIGCONT) each of the %d writers waiting for it (semop failed with EINTR %d "
                    "times); expected each writer to wait in P again, but %d did: the others "
                    "gave up. The program %s"),
                  w.command, npids, eintr_count(res.trace), back < 0 ? 0 : back,
                  sb_describe(&res, how, sizeof how));
    if (res.timed_out)
        fail_watched(&w, _("`%s`: the program %s"), w.command, sb_describe(&res, how, sizeof how));
    sb_result_free(&res);
}
END_TEST

/* ---- private objects -------------------------------------------------- */

/* The first key of a call in the trace that is not IPC_PRIVATE ("shmget(0x..."), or 0. */
static unsigned long fixed_key(const char *trace, const char *call)
{
    const char *p = trace;
    size_t len = strlen(call);

    while (p != NULL && (p = strstr(p, call)) != NULL) {
        unsigned long key = strtoul(p + len, NULL, 16);

        if (key != 0)
            return key;
        p += len;
    }
    return 0;
}

/*
 * The handout asks for IPC_PRIVATE objects, and a set of one semaphore: a
 * fixed key (or ftok) makes an object that any program of the same user can
 * open, and that a second run finds again.
 */
START_TEST(private_objects)
{
    struct sem_info_row sem[64];
    struct sb_result res;
    struct record rec;
    struct watch w;
    unsigned long shm_key, sem_key;
    int n, i, nsems = 0;
    char how[1024];

    start_watched(&w, 4, 50, STOP_AT_INIT, 0, 0, NULL);
    assert_stopped(&w, NEEDS_WORK);
    n = ipc_list_sem(sem, 64);
    for (i = 0; i < n; i++)
        if (sem[i].id == w.semid)
            nsems = sem[i].nsems;
    finish(&w, &res, &rec);
    if (res.timed_out)
        fail_watched(&w, _("`%s`: the program %s"), w.command, sb_describe(&res, how, sizeof how));
    shm_key = fixed_key(res.trace, "shmget(0x");
    sem_key = fixed_key(res.trace, "semget(0x");
    ck_assert_msg(shm_key == 0,
                  _("`%s`: the segment was created with the key 0x%08lx; the handout asks for a "
                    "private segment, shmget(IPC_PRIVATE, ...)"),
                  w.command, shm_key);
    ck_assert_msg(sem_key == 0,
                  _("`%s`: the semaphore set was created with the key 0x%08lx; the handout asks "
                    "for a private set, semget(IPC_PRIVATE, 1, ...)"),
                  w.command, sem_key);
    ck_assert_msg(nsems == 1,
                  _("`%s`: the semaphore set holds %d semaphores; the handout asks for a set of "
                    "one, semget(IPC_PRIVATE, 1, ...)"),
                  w.command, nsems);
    sb_result_free(&res);
}
END_TEST

static const struct graded_test main_tests[] = {
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
    {.test = &eintr,
     .points = 2,
     .title = "a writer stopped and continued while it waits for the lock takes it again",
     .hint = "A writer suspended (SIGSTOP, Ctrl-Z) then continued (SIGCONT) while it waits in "
             "semop comes out of it with EINTR, without the lock, even without a handler "
             "(signal(7)). Call semop again as long as it fails with EINTR: neither stop the "
             "writer nor go on as if it held the lock. Handout, \"The calls, and how they "
             "fail\"; notes, section 7.",
     .timeout = BUSY_TIMEOUT + 10},
    {.test = &initialised,
     .points = 1,
     .title = "the semaphore is set to 1 with semctl(SETVAL) before the writers start",
     .hint = HINT_INITIALISED},
    {.test = &private_objects,
     .points = 1,
     .title = "the segment and the set are private (IPC_PRIVATE), a set of one semaphore",
     .hint = "The writers inherit the identifiers through fork: create both objects with the key "
             "IPC_PRIVATE, not a fixed key or ftok, and a set of one semaphore: "
             "semget(IPC_PRIVATE, 1, IPC_CREAT | ACCOUNT_PERMS). Steps 2 and 3 of the handout."},
    {.test = &removed,
     .points = 2,
     .title = "the semaphore set and the segment are removed at the end",
     .hint =
         "Semaphore sets and segments outlive the processes: after waiting for every writer, "
         "remove the set (semctl(semid, 0, IPC_RMID)), detach and remove the segment (shmdt, then "
         "shmctl(shmid, IPC_RMID, NULL)). Notes, section 3 and section 7 (removing the set)."},
    END_OF_TESTS,
};

static const struct lab lab = {
    .name = LAB_NAME,
    .programs = LAB_PROGRAMS,
    .parts = (const struct graded_test *const[]){main_tests, fault_tests, NULL},
    .seconds = 1.2, /* the solution, bench/02-speed: the runner starts the longest labs first */
};

LAB_MAIN(lab)

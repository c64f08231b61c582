/*
 * 03-semaphore-writer.c - tests of lab 03 (writers).
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

#include "../po/i18n.h"
#include "suite.h"

#define PROGRAM     "writers"
#define RUN_TIMEOUT 3.0 /* seconds: a correct run takes about 0.1 s */
/*
 * A run whose record the grader watches may take longer on a busy machine
 * (a writer that yields the processor inside its critical section waits for
 * every other process ready to run): it goes on as long as the record keeps
 * changing, and is ended after RUN_TIMEOUT seconds without a change, or at
 * BUSY_TIMEOUT in all.
 */
#define BUSY_TIMEOUT  30 /* seconds; the tests that watch a record have time for it */
#define STOP_AT_INIT  "SHMLAB_RAISE=parent:semctl:1:STOP,parent:semop:1:STOP"
#define DEADLOCK_WAIT 1.0 /* seconds all blocked on a 0 semaphore, before the stop */

/* The record in the segment (account.h). */
struct record {
    long operations, deposits, withdrawals, balance;
};

/* What W writers doing M updates each must leave (account.h: account_expected). */
static struct record expected(long writers, long updates)
{
    struct record e;

    e.operations = writers * updates;
    e.deposits = writers * 2 * ((updates + 1) / 2);
    e.withdrawals = writers * (updates / 2);
    e.balance = e.deposits - e.withdrawals;
    return e;
}

static int same_record(const struct record *a, const struct record *b)
{
    return a->operations == b->operations && a->deposits == b->deposits &&
           a->withdrawals == b->withdrawals && a->balance == b->balance;
}

static int consistent(const struct record *r)
{
    return r->balance == r->deposits - r->withdrawals;
}

/* "operations 5000, deposits 5000, withdrawals 2500, balance 2500" */
static const char *describe_record(const struct record *r, char *buf, size_t size)
{
    snprintf(buf, size, _("operations %ld, deposits %ld, withdrawals %ld, balance %ld"),
             r->operations, r->deposits, r->withdrawals, r->balance);
    return buf;
}

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void nap_ms(int ms)
{
    struct timespec ts = {0, ms * 1000000L};

    nanosleep(&ts, NULL);
}

/* A number in [lo, hi], different at each run. */
static long pick(long lo, long hi)
{
    return lo + fresh_value() % (hi - lo + 1);
}

#define MAX_PROCESSES 64 /* the sandbox allows no more */

/* A stopped process of the run, or 0. */
static pid_t stopped_process(const struct sb_proc *proc)
{
    struct sb_process ps[MAX_PROCESSES];
    int n = sb_processes(proc, ps, MAX_PROCESSES), i;

    for (i = 0; i < n; i++)
        if (ps[i].state == 'T')
            return ps[i].pid;
    return 0;
}

/* A run of the program, watched from the grader. */
struct watch {
    long writers, updates;
    char command[64]; /* "writers -w 4 -n 1250", for messages */
    struct sb_proc *proc;
    int stopped;          /* the parent stopped after its first semctl or semop */
    int resumed;          /* and the grader let it go on */
    int ready;            /* stopped, with a semaphore set (and the record attached, if asked) */
    int held;             /* the grader took the semaphore while the parent was stopped */
    pid_t parent;         /* the stopped parent's pid, as the grader sees it */
    int shmid, semid;     /* its segment and semaphore set, if found */
    int nsets;            /* semaphore sets it had made at the stop */
    int semval;           /* the semaphore's value at the stop */
    struct record *rec;   /* the grader's own attachment, or NULL */
    char why[300];        /* why the program could not be watched */
    int blocked;          /* processes seen waiting on a 0 semaphore before the stop */
    double blocked_since; /* since when (0: none waiting) */
};

/*
 * The program's segment and semaphore set (the last of each, if several). A
 * segment already marked for removal counts too: removing it right after
 * attaching it is correct (it stays until its last detach), but one that is
 * not marked is preferred.
 */
static void find_objects(struct watch *w)
{
    struct shm_info_row shm[64];
    struct sem_info_row sem[64];
    int n = ipc_list_shm(shm, 64), i, marked = -1;

    w->shmid = w->semid = -1;
    w->nsets = 0;
    for (i = 0; i < n; i++)
        if (shm[i].uid == sb_uid() && shm[i].size >= sizeof(struct record)) {
            if (shm[i].dest)
                marked = shm[i].id;
            else
                w->shmid = shm[i].id;
        }
    if (w->shmid == -1)
        w->shmid = marked;
    n = ipc_list_sem(sem, 64);
    for (i = 0; i < n; i++)
        if (sem[i].uid == sb_uid()) {
            w->semid = sem[i].id;
            w->nsets++;
        }
}

/* Let the stopped parent go on. */
static void resume(struct watch *w)
{
    if (w->stopped && !w->resumed)
        kill(w->parent, SIGCONT);
    w->resumed = 1;
}

/*
 * Before the parent's first semctl or semop: are processes blocked for good
 * on a semaphore nobody set? That is a set whose semaphore is 0, with the
 * same number of processes waiting in P for DEADLOCK_WAIT seconds. No one can
 * give it a V: the writers wait, and the parent would have stopped at its
 * first semctl or semop. The grader then ends the program at once instead of waiting for
 * the timeout, and w->why says why.
 */
static int deadlocked(struct watch *w)
{
    int ncnt;

    find_objects(w);
    if (w->semid == -1 || semctl(w->semid, 0, GETVAL) != 0 ||
        (ncnt = semctl(w->semid, 0, GETNCNT)) < 1 ||
        (w->blocked_since != 0 && ncnt != w->blocked)) {
        w->blocked_since = 0;
        return 0;
    }
    if (w->blocked_since == 0) {
        w->blocked_since = now();
        w->blocked = ncnt;
        return 0;
    }
    if (now() - w->blocked_since < DEADLOCK_WAIT * sb_timeout_scale())
        return 0;
    snprintf(w->why, sizeof w->why,
             _("deadlock: %d processes blocked on a semaphore that was never set to 1 (no semctl "
               "SETVAL before fork), for %.1f s"),
             ncnt, DEADLOCK_WAIT * sb_timeout_scale());
    return 1;
}

/*
 * Start the program with `raise` (SHMLAB_RAISE) and wait until its parent has
 * stopped after its first semctl or semop (the initialisation of its
 * semaphore). Then
 * read the semaphore's value, take the semaphore (if `hold`: the parent is
 * stopped, no writer exists yet) and attach the segment (if `attach`). The
 * parent stays stopped until resume() or finish(), unless its segment did not
 * exist yet (then it goes on, and the segment is attached as soon as it
 * appears). If the program cannot be watched, w->ready is 0 and w->why says
 * what the grader saw.
 */
static void start_watched(struct watch *w, long writers, long updates, const char *raise,
                          int attach, int hold)
{
    static char wbuf[16], nbuf[16];
    static const char *args[] = {"-w", wbuf, "-n", nbuf, NULL};
    const char *env[] = {raise, NULL};
    struct sb_spec spec = {0};
    double deadline = now() + RUN_TIMEOUT * sb_timeout_scale();

    memset(w, 0, sizeof *w);
    w->writers = writers;
    w->updates = updates;
    w->shmid = w->semid = -1;
    snprintf(wbuf, sizeof wbuf, "%ld", writers);
    snprintf(nbuf, sizeof nbuf, "%ld", updates);
    snprintf(w->command, sizeof w->command, "%s -w %ld -n %ld", PROGRAM, writers, updates);
    spec.program = PROGRAM;
    spec.args = args;
    spec.env = env;
    spec.timeout = attach ? BUSY_TIMEOUT : RUN_TIMEOUT;
    w->proc = sb_start(&spec);
    ck_assert_msg(w->proc != NULL, _("grader: could not start the program"));

    while (now() < deadline && !sb_ended(w->proc)) {
        if ((w->parent = stopped_process(w->proc)) > 0) {
            w->stopped = 1;
            break;
        }
        if (deadlocked(w)) {
            sb_end(w->proc);
            break;
        }
        nap_ms(1);
    }
    if (w->why[0] != '\0') /* deadlocked() said why */
        return;
    find_objects(w);
    if (!w->stopped || w->semid == -1) {
        const char *saw;

        if (w->shmid != -1)
            saw = w->semid != -1 ? _("it saw a segment and a semaphore set of the program")
                                 : _("it saw a segment and no semaphore set of the program");
        else
            saw = w->semid != -1 ? _("it saw no segment and a semaphore set of the program")
                                 : _("it saw no segment and no semaphore set of the program");
        /* TRANSLATORS: %s is one of the "it saw ... of the program" messages. */
        snprintf(w->why, sizeof w->why,
                 _("the grader waited for the parent to set its semaphore to 1 before fork (its "
                   "first semctl or semop call), which never came while a semaphore set existed; "
                   "%s"),
                 saw);
        return;
    }
    w->semval = semctl(w->semid, 0, GETVAL);
    if (hold && w->semval == 1) {
        struct sembuf take = {0, -1, SEM_UNDO | IPC_NOWAIT};

        w->held = semop(w->semid, &take, 1) == 0;
    }
    if (w->shmid == -1) { /* the semaphore came first: the segment follows */
        resume(w);
        while (now() < deadline && !sb_ended(w->proc) && w->shmid == -1) {
            find_objects(w);
            nap_ms(1);
        }
    }
    if (w->shmid != -1 && attach) {
        w->rec = shmat(w->shmid, NULL, 0);
        ck_assert_msg(w->rec != (void *)-1, _("grader: cannot attach the program's segment: %s"),
                      strerror(errno));
    }
    w->ready = w->shmid != -1 || !attach;
    if (!w->ready)
        snprintf(w->why, sizeof w->why,
                 _("the grader found no segment of at least %zu bytes (one struct account) while "
                   "the program ran"),
                 sizeof(struct record));
}

/*
 * Wait for the end of the program; *rec gets the final record (if attached).
 * A watched record must keep changing until the program ends: after
 * RUN_TIMEOUT seconds without a change, the program is stuck and is ended.
 */
static void finish(struct watch *w, struct sb_result *res, struct record *rec)
{
    resume(w);
    if (w->rec != NULL && w->rec != (void *)-1) {
        struct record last = *w->rec;
        double since = now();

        while (!sb_ended(w->proc)) {
            if (!same_record(&last, w->rec)) {
                last = *w->rec;
                since = now();
            } else if (now() - since > RUN_TIMEOUT * sb_timeout_scale()) {
                sb_end(w->proc);
                break;
            }
            nap_ms(10);
        }
    }
    sb_wait(w->proc, res);
    memset(rec, 0, sizeof *rec);
    if (w->rec != NULL && w->rec != (void *)-1) {
        *rec = *w->rec;
        shmdt(w->rec);
        w->rec = NULL;
    }
}

/* Fail the test unless the parent stopped after initialising its semaphore. */
static void assert_stopped(struct watch *w, const char *context)
{
    struct sb_result res;
    struct record rec;
    char how[1024];

    if (w->ready)
        return;
    finish(w, &res, &rec);
    ck_abort_msg(_("%s`%s`: %s.\nThe program %s"), context, w->command, w->why,
                 sb_describe(&res, how, sizeof how));
}

/* Fail the test unless the run ended on its own (no timeout, no signal). */
static void assert_finished(const struct watch *w, const struct sb_result *res)
{
    char how[1024], calls[600];

    ck_assert_msg(!res->timed_out && !res->signaled,
                  _("`%s`: expected the program to end normally; it %s\nIPC calls seen: %s"),
                  w->command, sb_describe(res, how, sizeof how),
                  sb_calls(res, calls, sizeof calls));
}

#define NEEDS_WORK _("this test needs the program to work first (see exact_count): ")

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

/*
 * watch.c - the writers run, watched
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
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

/* What W writers doing M updates each must leave (account.h: account_expected). */
struct record expected(long writers, long updates)
{
    struct record e;

    e.operations = writers * updates;
    e.deposits = writers * 2 * ((updates + 1) / 2);
    e.withdrawals = writers * (updates / 2);
    e.balance = e.deposits - e.withdrawals;
    return e;
}

int same_record(const struct record *a, const struct record *b)
{
    return a->operations == b->operations && a->deposits == b->deposits &&
           a->withdrawals == b->withdrawals && a->balance == b->balance;
}

int consistent(const struct record *r)
{
    return r->balance == r->deposits - r->withdrawals;
}

/* "operations 5000, deposits 5000, withdrawals 2500, balance 2500" */
const char *describe_record(const struct record *r, char *buf, size_t size)
{
    snprintf(buf, size, _("operations %ld, deposits %ld, withdrawals %ld, balance %ld"),
             r->operations, r->deposits, r->withdrawals, r->balance);
    return buf;
}

/* A number in [lo, hi], different at each run. */
long pick(long lo, long hi)
{
    return lo + fresh_value() % (hi - lo + 1);
}

/* A stopped process of the run, or 0. */
pid_t stopped_process(const struct sb_proc *proc)
{
    struct sb_process ps[MAX_PROCESSES];
    int n = sb_processes(proc, ps, MAX_PROCESSES), i;

    for (i = 0; i < n; i++)
        if (ps[i].state == 'T')
            return ps[i].pid;
    return 0;
}

/*
 * The program's segment and semaphore set (the last of each, if several). A
 * segment already marked for removal counts too: removing it right after
 * attaching it is correct (it stays until its last detach), but one that is
 * not marked is preferred.
 */
void find_objects(struct watch *w)
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

/* A run stuck (its record no longer changes): is a set of the program at 0, with processes
 * waiting in P? Then the lock is taken for good. */
static int stuck_on_lock(void)
{
    struct sem_info_row sem[64];
    int n = ipc_list_sem(sem, 64), i;

    for (i = 0; i < n; i++)
        if (sem[i].uid == sb_uid() && semctl(sem[i].id, 0, GETVAL) == 0 &&
            semctl(sem[i].id, 0, GETNCNT) > 0)
            return 1;
    return 0;
}

static const char *stuck_hint(void)
{
    return _("The program was stuck: its writers waited in P on a lock nobody gave back. Every P "
             "needs its V on every path (after each update, before any early exit), with "
             "SEM_UNDO on both, so that a writer that dies gives the lock back. Notes, section "
             "7.");
}

/* Did the sandbox's diagnosis of a timeout say "deadlock" (sb_watch.c), in any language? */
static int deadlock_diagnosed(const struct sb_result *res)
{
    const char *format = _("deadlock: %d processes blocked on a semaphore (semop), %d waiting for "
                           "a child, none running");
    size_t n = strcspn(format, "%");

    return n > 0 && strncmp(res->diagnosis, format, n) == 0;
}

/*
 * Is every process of the run blocked, none running, with some waiting in P
 * on a lock at 0 (stuck_on_lock)? A correct run always has a process that
 * runs or may run: the holder of the lock (account_update yields, it does not
 * sleep).
 */
static int all_blocked(const struct sb_proc *proc)
{
    struct sb_process ps[MAX_PROCESSES];
    int n = sb_processes(proc, ps, MAX_PROCESSES), i, in_semop = 0;

    for (i = 0; i < n; i++) {
        if (ps[i].state == 'R' || ps[i].state == 'T' || ps[i].state == 't' ||
            !(ps[i].in_semop || ps[i].in_wait || ps[i].state == 'Z'))
            return 0;
        in_semop += ps[i].in_semop;
    }
    return n > 0 && in_semop > 0 && stuck_on_lock();
}

/* Is segment id attached by some process (the program's parent, at its stop)? */
static int attached(int id)
{
    struct shm_info_row row;

    return ipc_find_shm(id, &row) == 0 && row.nattch > 0;
}

/* Let the stopped parent go on. */
void resume(struct watch *w)
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
int deadlocked(struct watch *w)
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
    w->hint = _(HINT_INITIALISED);
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
 * what the grader saw. `fault` (or NULL) is injected as sb_spec.fail says.
 */
void start_watched(struct watch *w, long writers, long updates, const char *raise, int attach,
                   int hold, const char *fault)
{
    static char wbuf[16], nbuf[16];
    static const char *args[] = {"-w", wbuf, "-n", nbuf, NULL};
    const char *env[] = {raise, NULL};
    struct sb_spec spec = {0};
    double deadline = now() + RUN_TIMEOUT * sb_timeout_scale();
    pid_t again = 0; /* the parent, stopped a second time */

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
    spec.fail = fault;
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
    if (w->shmid == -1 || !attached(w->shmid)) {
        /* The parent attaches its segment after the initialisation (it may
         * not even exist yet): it stops again after that shmat
         * (STOP_AT_INIT's RESTOP), before any fork, and the grader attaches
         * the segment then, however busy the machine is. */
        resume(w);
        while (now() < deadline && !sb_ended(w->proc) &&
               (w->shmid == -1 || !(again = stopped_process(w->proc)))) {
            find_objects(w);
            nap_ms(1);
        }
    }
    if (w->shmid != -1 && attach) {
        w->rec = shmat(w->shmid, NULL, 0);
        if (w->rec == (void *)-1 && again)
            kill(again, SIGCONT);
        ck_assert_msg(w->rec != (void *)-1, _("grader: cannot attach the program's segment: %s"),
                      strerror(errno));
    }
    if (again)
        kill(again, SIGCONT);
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
void finish(struct watch *w, struct sb_result *res, struct record *rec)
{
    int attached = w->rec != NULL && w->rec != (void *)-1;
    struct record last = {0};
    double since = now(), blocked_since = 0;

    resume(w);
    if (attached)
        last = *w->rec;
    while (!sb_ended(w->proc)) {
        if (attached && !same_record(&last, w->rec)) {
            last = *w->rec;
            since = now();
        } else if (attached && now() - since > RUN_TIMEOUT * sb_timeout_scale()) {
            if (stuck_on_lock()) /* the hint follows the diagnosis, whatever the test */
                w->hint = stuck_hint();
            sb_end(w->proc);
            break;
        }
        if (!all_blocked(w->proc)) {
            blocked_since = 0;
        } else if (blocked_since == 0) {
            blocked_since = now();
        } else if (now() - blocked_since > DEADLOCK_WAIT * sb_timeout_scale()) {
            w->hint = stuck_hint(); /* a deadlock: no need to wait for the time limit */
            sb_end(w->proc);
            break;
        }
        nap_ms(10);
    }
    sb_wait(w->proc, res);
    if (res->timed_out && w->hint == NULL && deadlock_diagnosed(res))
        w->hint = stuck_hint();
    memset(rec, 0, sizeof *rec);
    if (w->rec != NULL && w->rec != (void *)-1) {
        *rec = *w->rec;
        shmdt(w->rec);
        w->rec = NULL;
    }
}

/* Fail the test unless the parent stopped after initialising its semaphore. */
void assert_stopped(struct watch *w, const char *context)
{
    struct sb_result res;
    struct record rec;
    char how[1024];

    if (w->ready)
        return;
    finish(w, &res, &rec);
    fail_watched(w, _("%s`%s`: %s.\nThe program %s"), context, w->command, w->why,
                 sb_describe(&res, how, sizeof how));
}

/* Fail the test unless the run ended on its own (no timeout, no signal). */
void assert_finished(const struct watch *w, const struct sb_result *res)
{
    char how[1024], calls[600];

    if (!res->timed_out && !res->signaled)
        return;
    fail_watched(w, _("`%s`: expected the program to end normally; it %s\nIPC calls seen: %s"),
                 w->command, sb_describe(res, how, sizeof how), sb_calls(res, calls, sizeof calls));
}

void fail_watched(const struct watch *w, const char *format, ...)
{
    char msg[4096];
    va_list ap;

    va_start(ap, format);
    vsnprintf(msg, sizeof msg, format, ap);
    va_end(ap);
    ck_abort_msg("%s%s%s", msg, w->hint != NULL ? SUITE_HINT : "", w->hint != NULL ? w->hint : "");
    abort(); /* not reached: ck_abort_msg ends the test */
}

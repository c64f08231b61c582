/*
 * lab03.h - what the files of lab 03's suite share: the record in the
 * writers' segment and the watched run (watch.c).
 */
#ifndef SUITE_LAB03_H
#define SUITE_LAB03_H

#include <stddef.h>
#include <sys/types.h>

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
#define BUSY_TIMEOUT 30 /* seconds; the tests that watch a record have time for it */
/* The parent stops after its first semctl or semop (the initialisation), and
 * once more after its next shmat if the segment came after the semaphore. */
#define STOP_AT_INIT  "SHMLAB_RAISE=parent:semctl:1:STOP,parent:semop:1:STOP,parent:shmat:1:RESTOP"
#define DEADLOCK_WAIT 1.0 /* seconds all blocked on a 0 semaphore, before the stop */

/* The record in the segment (account.h). */
struct record {
    long operations, deposits, withdrawals, balance;
};

#define MAX_PROCESSES 64 /* the sandbox allows no more */

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
    const char *hint;     /* the hint that follows what the grader diagnosed, or NULL */
    int blocked;          /* processes seen waiting on a 0 semaphore before the stop */
    double blocked_since; /* since when (0: none waiting) */
};

#define NEEDS_WORK _("this test needs the program to work first (see exact_count): ")

/* The test initialised's hint, also that of a deadlock on a semaphore never set. */
#define HINT_INITIALISED                                                                           \
    "Linux creates semaphores at 0: a lock never set is taken forever, and every writer waits "    \
    "in P. Define union semun, set arg.val = 1 and call semctl(semid, 0, SETVAL, arg) in the "     \
    "parent, before fork(). Notes, section 7 (creating and initialising a set)."

/*
 * Fail the test with a message made like printf's; if the grader diagnosed
 * the cause (w->hint), the report shows that hint instead of the test's.
 */
void fail_watched(const struct watch *w, const char *format, ...)
    __attribute__((format(printf, 2, 3), noreturn));

/* What W writers doing M updates each must leave (account.h: account_expected). */
struct record expected(long writers, long updates);

int same_record(const struct record *a, const struct record *b);

int consistent(const struct record *r);

/* "operations 5000, deposits 5000, withdrawals 2500, balance 2500" */
const char *describe_record(const struct record *r, char *buf, size_t size);

/* A number in [lo, hi], different at each run. */
long pick(long lo, long hi);

/* A stopped process of the run, or 0. */
pid_t stopped_process(const struct sb_proc *proc);

/*
 * The program's segment and semaphore set (the last of each, if several). A
 * segment already marked for removal counts too: removing it right after
 * attaching it is correct (it stays until its last detach), but one that is
 * not marked is preferred.
 */
void find_objects(struct watch *w);

/* Let the stopped parent go on. */
void resume(struct watch *w);

/*
 * Before the parent's first semctl or semop: are processes blocked for good
 * on a semaphore nobody set? That is a set whose semaphore is 0, with the
 * same number of processes waiting in P for DEADLOCK_WAIT seconds. No one can
 * give it a V: the writers wait, and the parent would have stopped at its
 * first semctl or semop. The grader then ends the program at once instead of waiting for
 * the timeout, and w->why says why.
 */
int deadlocked(struct watch *w);

/*
 * Start the program with `raise` (SHMLAB_RAISE) and wait until its parent has
 * stopped after its first semctl or semop (the initialisation of its
 * semaphore). Then
 * read the semaphore's value, take the semaphore (if `hold`: the parent is
 * stopped, no writer exists yet) and attach the segment (if `attach`). The
 * parent stays stopped until resume() or finish(), unless its segment did not
 * exist yet (then it goes on, and the segment is attached as soon as it
 * appears). If the program cannot be watched, w->ready is 0 and w->why says
 * what the grader saw. `fault` (or NULL) is injected as sb_spec.fail says
 * (e.g. "child:semop-lock:EINVAL": each writer's first P fails).
 */
void start_watched(struct watch *w, long writers, long updates, const char *raise, int attach,
                   int hold, const char *fault);

/*
 * Wait for the end of the program; *rec gets the final record (if attached).
 * A watched record must keep changing until the program ends: after
 * RUN_TIMEOUT seconds without a change, the program is stuck and is ended.
 */
void finish(struct watch *w, struct sb_result *res, struct record *rec);

/* Fail the test unless the parent stopped after initialising its semaphore. */
void assert_stopped(struct watch *w, const char *context);

/* Fail the test unless the run ended on its own (no timeout, no signal). */
void assert_finished(const struct watch *w, const struct sb_result *res);

/* The tests of failures (faults.c). */
extern const struct graded_test fault_tests[];

#endif

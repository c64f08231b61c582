/*
 * lab04.h - what the files of lab 04's suite share: the programs, watching
 * their processes (watch.c), the objects they make (objects.c), the usual
 * runs (scenarios.c), the check of a failure reported (failures.c), and
 * each file's table of tests.
 */
#ifndef SUITE04_LAB04_H
#define SUITE04_LAB04_H

#include <stddef.h>
#include <sys/stat.h>

#include "suite.h"

#define WRITER      "shm_writer"
#define READER      "shm_reader"
#define OBJECT_SIZE 4096 /* MESSAGE_SIZE */
#define OBJECT_MODE 0600 /* MESSAGE_MODE */
#define RUN_TIMEOUT 4.0  /* seconds a program may run */
#define AWAIT_LIMIT 3.0  /* seconds for a program to block, end, or be found busy */
#define BUSY_CPU    0.5  /* seconds of processor time that make a waiting program busy */
#define MAX_ENTRIES 64

/* One look at a process (from the sandbox's sb_processes()). */
struct sample {
    pid_t pid;
    char state;               /* R, S, D, Z, ... ('?' if gone) */
    int futex;                /* sleeping on a futex (sem_wait): 1, not: 0, unknown: -1 */
    int semop;                /* sleeping in a System V semop: a wait too (the kind is free) */
    double cpu;               /* seconds of processor time used so far */
    unsigned long long nvcsw; /* voluntary context switches: grows at each wake-up */
    char wchan[64];           /* where in the kernel it sleeps */
};

/* A program started by the test. */
struct prog {
    const char *who; /* _("the writer"), _("the reader") */
    struct sb_proc *proc;
    double deadline;
    int waited;  /* sb_wait() done: res is filled */
    int stuck;   /* stopped by the grader: blocked for ever */
    int stopped; /* stopped by the grader: still running when the test was done */
    struct sb_result res;
};

/* How a program is doing. */
enum state { BLOCKED, ENDED, BUSY, UNDECIDED };

/* The /dev/shm entries the programs may have made: those owned by their user. */
struct entries {
    int n;
    char name[MAX_ENTRIES][256];
};

/* The usual run: the writer first; once it waits for the reader, the reader. */
struct pair {
    char name[256]; /* up to MESSAGE_NAME_MAX and one more */
    char message[96];
    const char *wargs[4], *rargs[3];
    struct prog writer, reader;
    enum state writer_state; /* what await() saw before the reader started */
    struct sample writer_seen;
    int object_created; /* /dev/shm/NAME existed at that point */
    struct stat object; /* and its attributes */
};

/* Fail, explaining how the pair ran. */
#define FAIL_PAIR(t, ...)                                                                          \
    do {                                                                                           \
        char w_[1400], r_[1400], what_[400];                                                       \
        snprintf(what_, sizeof what_, __VA_ARGS__);                                                \
        ck_abort_msg("%s\n%s\n%s", what_, how(&(t)->writer, w_, sizeof w_),                        \
                     how(&(t)->reader, r_, sizeof r_));                                            \
    } while (0)

/* Sleep that many seconds (less than one): now() and nap_us() are suite.h's. */
void nap(double seconds);

/* Has the program's sandbox ended? */
int ended(const struct prog *p);

/* Look at the program's own process; -1 if it has none now. */
int look_program(const struct prog *p, struct sample *s);

void start(struct prog *p, const char *who, const char *program, const char *const *args,
           const char *fail);

/* start() with SHMLAB_RAISE=raise ("SHMLAB_RAISE=parent:sem_post:1:STOP"), NULL for none. */
void start_raised(struct prog *p, const char *who, const char *program, const char *const *args,
                  const char *fail, const char *raise);

/*
 * await_stopped - wait until the program's process is stopped (a SIGSTOP it
 * raised, SHMLAB_RAISE); its pid then, 0 if it ends, blocks or runs on.
 */
pid_t await_stopped(const struct prog *p);

/* Stop a program that is still running (its whole sandbox). */
void stop(struct prog *p);

/*
 * await - wait until the program blocks (on a futex, or in a System V semop),
 * ends, or burns BUSY_CPU seconds of processor time; UNDECIDED after
 * AWAIT_LIMIT seconds. *last
 * receives the last look at its process.
 */
enum state await(const struct prog *p, struct sample *last);

/*
 * finish - wait for every program to end, then collect their results. When
 * all those still running sleep on a futex and none woke up for 100 ms,
 * nobody can ever wake them: they are stopped (stuck) at once.
 */
void finish(struct prog **ps, int n);

void finish1(struct prog *a);

void finish2(struct prog *a, struct prog *b);

/* How a program ended, for feedback, with what its signal means here. */
const char *how(const struct prog *p, char *buf, size_t size);

/* What await() saw, for feedback. */
const char *state_text(enum state st, const struct sample *s, char *buf, size_t size);

/* A fresh, valid name: unique on the host too, for the fallback without namespaces. */
void fresh_name(char *name, size_t size);

/* /dev/shm/NAME for the object /NAME. */
const char *object_path(const char *name, char *buf, size_t size);

int object_exists(const char *name, struct stat *st);

void list_entries(struct entries *e);

/* The entries of after that are not in before, as "/dev/shm/a, /dev/shm/b"; how many. */
int new_entries(const struct entries *before, const struct entries *after, char *buf, size_t size);

/* Every test: isolated (done by the runner), and the same umask as a usual shell. */
void prepare(void);

/*
 * run_alone - start the program alone, wait until it blocks, ends or looks
 * busy (await), then stop it if it still runs and collect its result.
 * Returns what await() saw; *seen receives the last look at its process.
 */
enum state run_alone(struct prog *p, const char *who, const char *program, const char *const *args,
                     const char *fail, struct sample *seen);

void pair_init(struct pair *t);

/* Start the writer and wait until it blocks (or ends, or looks busy). */
void pair_start_writer(struct pair *t);

/* The whole run: writer, then reader, both to the end. */
void pair_run(struct pair *t);

void pair_free(struct pair *t);

/* Did the message go through: reader printed it, both exited 0? */
int round_trip_ok(const struct pair *t);

/* The precondition of the tests of one point: the pair must work. */
void require_round_trip(struct pair *t);

/* The precondition of the failure tests: with a valid name, the writer creates the object. */
void require_writer_creates(void);

/* A program the grader made fail: it stopped, not killed, non-zero, with a message (failures.c). */
void assert_stopped_with_message(const struct prog *p, enum state st, const struct sample *seen,
                                 const char *situation);

/* Each file's tests, in the order of the report (main.c gathers them). */
extern const struct graded_test name_tests[];    /* names.c */
extern const struct graded_test cleanup_tests[]; /* cleanup.c */
extern const struct graded_test failure_tests[]; /* failures.c */
extern const struct graded_test changed_tests[]; /* changed.c */
extern const struct graded_test order_tests[];   /* order.c */

#endif

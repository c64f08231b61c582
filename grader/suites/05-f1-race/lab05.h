/*
 * lab05.h - what the files of lab 05's suite share: the program's options,
 * a race read back (race.c), a race watched while it runs (timed.c), the
 * locking read in a trace (locks.c), the user's objects (objects.c), and
 * each file's table of tests.
 */
#ifndef SUITE_LAB05_H
#define SUITE_LAB05_H

#include <stddef.h>
#include <sys/types.h>

#include "suite.h"

#define PROGRAM    "f1_race"
#define CSV_HEADER "position,car,laps,best_lap,best_s1,best_s2,best_s3"
#define SECTORS    3
#define MAX_ROWS   64
#define MAX_LAPS   4096
#define EPS        0.0015 /* three times printed with three decimals */

/* The fast run: no waiting at all. */
#define FAST_CARS 8
#define FAST_LAPS 12
#define FAST_SEED "2024"

/* The most cars --cars allows (the handout's MAX_CARS): the full grid. */
#define GRID_CARS 30

/* The timed runs: about 30 ms a lap. The grader looks (and, in
 * snapshots_locked, takes the semaphore) in the first milliseconds of the
 * race (10 to 30 ms after the start, with both CPUs kept busy meanwhile),
 * then waits for its end: 10 laps (about 0.4 s) leave ten times that;
 * 40 laps cost each test a second more, watching nothing. */
#define TIMED_CARS  4
#define TIMED_SPEED "3000"
#define TIMED_LAPS  "10"

/* car_killed (stops.c) kills car 2, the second child, right after its first
 * P: it dies holding the semaphore. Not car 1: a report that names car 1 by
 * habit is wrong. */
#define KILLED_CAR 2
#define KILL_CAR   "SHMLAB_RAISE=child2:semop-lock:1:KILL"

/* classification_order kills the first and the last of 4 cars the same
 * way: cars without a time at both ends of the records, so that a comparison
 * that forgets one of its operands' "no time" (a's or b's) lets qsort move
 * one of them up. */
#define KILL_END_CARS "SHMLAB_RAISE=child1:semop-lock:1:KILL,child4:semop-lock:1:KILL"

/* One line of the final classification. */
struct row {
    int position, car, laps;
    double best_lap, best[SECTORS]; /* 0: no time */
};

/* One line of the lap log. */
struct lap {
    int car, lap;
    double sector[SECTORS], time;
};

/* What a fast run produced. */
struct race_run {
    struct sb_result res;
    struct row rows[MAX_ROWS];
    int nrows; /* -1: no CSV header in the output */
    struct lap *laps;
    int nlaps;      /* -1: no log file */
    int laps_asked; /* --laps */
};

/* Split a CSV line (ending at '\n' or '\0') into at most max fields; returns how many. */
int split(const char *line, char fields[][32], int max);

/* A field as a number; 0 for an empty field; -1 (and *bad set) if it is not a number. */
double number(const char *field, int *bad);

/* The classification in the program's output: rows after the header line. */
int parse_csv(const char *out, struct row *rows, int max);

/* The lap log written in the work folder; -1 if there is none (or it is
 * not a regular file: a link the program planted is never followed). */
int parse_log(const char *name, struct lap *laps, int max);

/* Run the race without waiting (--speed 0), with --csv and --log. */
void run_fast(const char *seed, const char *log, struct race_run *run);

/* The same with cars cars and laps laps. */
void run_grid(int cars, int laps, const char *seed, const char *log, struct race_run *run);

/* The same, with the lock guard (SHMLAB_GUARD=1): the trace shows every update. */
void run_fast_guarded(const char *seed, const char *log, struct race_run *run);

void free_run(struct race_run *run);

/*
 * The precondition of every test on a fast run: the program exits 0 and its
 * CSV lists each car 1..cars exactly once. Fails the test otherwise.
 */
void assert_race_ran(const struct race_run *run, int cars);

/* The log's precondition: as many lap lines as cars x laps. */
void assert_log_complete(const struct race_run *run, int cars, int laps);

const struct row *row_of(const struct race_run *run, int car);

/* Has the program (our sandbox's init) ended? Does not collect it: sb_wait() will. */
int program_ended(void);

/* Start a timed race of TIMED_CARS cars; env: SHMLAB_ settings for the preload, or NULL. */
struct sb_proc *start_timed(const char *laps, double timeout, const char *const *env);

/*
 * The locking discipline in a run's trace (locks.c): nothing the lock guard
 * (SHMLAB_GUARD=1) reported, no process giving back more than it took, no car
 * ending with the semaphore, SEM_UNDO on every P and V after the first fork,
 * the semaphore never above 1. Returns 0, or -1 with the first broken rule
 * in why.
 */
int lock_discipline(const char *trace, char *why, size_t size);

/*
 * The records as each car left them when it gave the semaphore back, read
 * from a guarded run's trace (locks.c) of ncars cars and nlaps laps: with
 * RECORD_STATUS, one of out, in_pit, finished is 1 and the others 0, and no
 * car is in the pits after its last lap; with RECORD_LAP, a new lap clears
 * S2 and S3, lap_time is set once a lap is done and is then S1 + S2 + S3.
 * Only a car's own updates of its own record are judged. Returns 0 (also
 * when the records are not the handout's struct car, or when a car gave
 * more V than it took P: snapshots_locked's business), or -1 with the first
 * broken rule in why.
 */
#define RECORD_STATUS 1
#define RECORD_LAP    2
int record_updates(const char *trace, int ncars, int nlaps, int what, char *why, size_t size);

/* Did the program's own process detach a segment (a successful shmdt)? */
int parent_detached(const char *trace);

/*
 * Wait until the race runs: a segment of the program's with cars + 1
 * attachments (the parent and every car). Returns its id, or -1 if the
 * program ended or 4 s passed first; *most is the largest shm_nattch seen.
 */
int wait_running(int cars, unsigned long *most, int *segments);

/* Wait until a timed race runs (wait_running); fail the test if it never
 * does, once the program has ended, saying what it did. */
void assert_running(struct sb_proc *p);

/*
 * How many objects of a kind the programs' user owns (objects.c); *last, if
 * not NULL, is the id of the last one listed, -1 if none.
 */
#define SEGMENTS 1
#define SETS     2
int count_mine(int kind, int *last);

/* Remove the user's segments and sets: what an earlier run of the test left
 * (a removal made to fail). */
void remove_leftovers(void);

/* Each file's tests (main.c gathers them, in the order of the report). */
extern const struct graded_test classification_tests[]; /* classification.c: read back */
extern const struct graded_test shared_tests[];         /* shared.c: the segment, the semaphore */
extern const struct graded_test end_tests[];            /* stops.c: SIGINT, and a normal end */
extern const struct graded_test failure_tests[];        /* failures.c: a call made to fail */
extern const struct graded_test stop_tests[];           /* stops.c: a car killed, SIGTERM, SIGHUP */
extern const struct graded_test seed_tests[];           /* classification.c: the seed */

#endif

/*
 * main.c - the tests of lab 05 (f1_race): the program's contract, and the
 * suite, which gathers the files' tables in the order of the report:
 *   classification.c  the race read back once it has ended
 *   shared.c          the segment and the semaphore while the race runs
 *   stops.c           SIGINT, and the race's normal end
 *   failures.c        a call made to fail
 *   stops.c           a car killed, SIGTERM or SIGHUP to the parent alone
 *   classification.c  the same seed, the same classification (hidden: last)
 * The tests share race.c (a race run to its end and read back), timed.c (a
 * race watched while it runs), locks.c (the locking in a run's trace) and
 * objects.c (the user's objects, counted and removed).
 *
 * The program's contract (the lab's handout):
 *   f1_race [--cars N] [--laps N] [--seed N] [--speed X] [--csv] [--log FILE]
 * one System V segment holds the cars' records, one System V semaphore (a set
 * of one) protects it; one process per car writes its own record; the parent
 * copies the records under the semaphore, about ten times a second, to draw
 * the live view. With --csv, standard output holds only the final
 * classification: the header line
 *   position,car,laps,best_lap,best_s1,best_s2,best_s3
 * then one line per car, best lap first (times in seconds, empty when none).
 * With --log FILE each car appends "car,lap,s1,s2,s3,lap_time" per lap, from
 * its record. --speed 0 does not wait; --speed X runs X times faster than
 * real time. SIGINT stops everything, leaving nothing behind.
 *
 * The grader decides from the CSV, the lap log and the system's state: the
 * segments and semaphores that exist, how many processes are attached or
 * waiting, the zombies. Wording and layout of the live view are free.
 *
 * Every run uses fixed seeds: a verdict never depends on luck. The timed runs
 * (--speed 3000: a sector lasts about 10 ms) wait for the race to be running
 * (every car attached) before they look or act, and give every bound a wide
 * margin.
 */
#include "suite.h"
#include "lab05.h"

static const struct lab lab = {
    .name = LAB_NAME,
    .programs = LAB_PROGRAMS,
    .parts = (const struct graded_test *const[]){classification_tests, shared_tests, end_tests,
                                                 failure_tests, stop_tests, seed_tests, NULL},
    .seconds = 3.1, /* the solution, bench/02-speed: the runner starts the longest labs first */
};

LAB_MAIN(lab)

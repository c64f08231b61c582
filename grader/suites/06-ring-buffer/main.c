/*
 * main.c - the tests of lab 06 (ring): the program's contract, and the
 * suite, which gathers the files' tables in the order of the report:
 * flow.c (the items flow), watch.c (the mutex held by the grader),
 * objects.c (the segment and the set), children.c (a child stopped or
 * killed) and failures.c (a call made to fail). run.c runs ring, items.c
 * reads its output back.
 *
 * The program's contract (the lab's handout):
 *
 *   ring -s SLOTS -p PRODUCERS -c CONSUMERS -n ITEMS
 *
 * runs PRODUCERS producer processes and CONSUMERS consumer processes around a
 * bounded buffer of SLOTS slots in shared memory. Producer p makes ITEMS
 * items, tagged (p, 0) .. (p, ITEMS - 1); the consumers take every item out,
 * and each item taken is printed on standard output on a line of its own
 * holding exactly two numbers: the producer's number, then the item's
 * sequence number. Numbering may start at 0 or at 1 (the same for every
 * line). Words around the numbers are free; lines that do not hold exactly
 * two numbers (a header, a summary) are ignored. The program exits 0 after
 * its children have ended, and leaves no segment, semaphore set or /dev/shm
 * object behind.
 *
 * What is checked is the multiset of items printed: every item once, none
 * lost, none duplicated, none invented. The API is free (System V or POSIX
 * semaphores, any kind of segment): the failure test injects its fault into
 * whichever call created the semaphores in a normal run.
 *
 * A program that deadlocks is stopped at RUN_TIMEOUT; the sandbox's
 * diagnosis (how many processes were blocked on a semaphore, and the
 * semaphores' values) is shown with the number of items taken before it
 * stopped. The verdicts do not depend on luck for the mistakes the corpus
 * holds; a race without a mutex is caught by load (1800 items through two
 * slots), in practice every time on two processors. The sandbox keeps the
 * first 64 KiB of the output: an item's line must stay under LINE_BUDGET
 * characters (the reference prints "2 17").
 */
#include "suite.h"
#include "lab06.h"

static const struct lab lab = {
    .name = LAB_NAME,
    .programs = LAB_PROGRAMS,
    .parts = (const struct graded_test *const[]){flow_tests, mutex_tests, object_tests, child_tests,
                                                 failure_tests, NULL},
    .seconds = 1.6, /* the solution, bench/02-speed: the runner starts the longest labs first */
};

LAB_MAIN(lab)

/*
 * lab06.h - what the files of lab 06's suite share: the program and how it
 * is run (run.c), the items of its output and the verdict on a run
 * (items.c), the mutex held by the grader (watch.c), and each file's table
 * of tests. Messages (_()) stay in the .c files: grader/po/extract reads
 * only those.
 */
#ifndef SUITE_LAB06_H
#define SUITE_LAB06_H

#include <stddef.h>

#include "suite.h"

#define PROGRAM     "ring"
#define RUN_TIMEOUT 2.0 /* seconds: a correct program needs well under 0.3 s */
#define LINE_BUDGET 32  /* characters an item's line may take: the sandbox keeps 64 KiB */

/* The segment's size for `slots` slots, as ring.h lays it out: the header
 * (slots, in, out: three unsigned), then the slots (struct item: two ints). */
#define RING_BYTES(slots) (3 * sizeof(unsigned) + 2 * sizeof(int) * (size_t)(slots))

/* One run of the program. */
struct config {
    int slots, producers, consumers, items;
};

/* Run ring with the configuration c (and a fault to inject, or NULL). */
void run_ring(const struct config *c, const char *fail, struct sb_result *res);

/* Start ring with the configuration c; the caller waits for it (sb_wait). */
struct sb_proc *start_ring(const struct config *c, double timeout);

/* "ring -s 2 -p 3 -c 2 -n 1000", for messages. */
const char *command(const struct config *c, char *buf, size_t size);

/* What the grader found in the output. */
struct tally {
    long item_lines;  /* lines with exactly two numbers */
    long other_lines; /* non-blank lines with another count of numbers */
    char other[128];  /* the first of them */
    long missing, duplicated, invented;
    char first_missing[64], first_duplicated[64], first_invented[64];
    int base_p, base_s; /* 0 or 1: where the program's numbering starts */
};

/* Count the items printed in text: 1 if each appears once, and nothing else. */
int tally_items(const char *text, const struct config *c, struct tally *t);

/*
 * Run the configuration and fail the test unless the program ended on its
 * own with status 0 and printed every item exactly once. The result is
 * freed, or handed to the caller in *keep (which then frees it). context
 * starts every failure message ("" for none).
 */
void check_transfer(const struct config *c, struct sb_result *keep, const char *context);

/*
 * Wait for the end of the run, then check it as check_transfer() does; the
 * items only if the output was read whole (4200 lines may be longer than the
 * grader reads, at LINE_BUDGET characters a line).
 */
void check_ended(struct sb_proc *proc, const struct config *c, const char *context);

/* A small run, fewer items than slots (4 slots, one of each, 3 items), and
 * check_transfer() of it for a test that needs the program to work first:
 * the result is the caller's to free. */
extern const struct config small_run;
void check_small_run(struct sb_result *res);

/*
 * Take the mutex of the program's System V set of ring.h (watch.c) once the
 * set exists: its id if the grader holds the mutex, -1 if there is no such
 * set before the deadline or the program's end (another API), or it was
 * never free. The holder gives it back with give_mutex().
 */
int hold_mutex(struct sb_proc *proc, double deadline);
void give_mutex(int semid);

/*
 * A normal small run (failures.c), which must work: its trace (the calls it
 * made), to free, and in *before how many objects it left.
 */
char *normal_trace(int *before);

/* Each file's tests, in the order of the report (main.c gathers them). */
extern const struct graded_test flow_tests[], mutex_tests[], object_tests[], child_tests[],
    failure_tests[];

#endif

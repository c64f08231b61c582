/*
 * main.c - the tests of lab 06 (ring).
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
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <time.h>

#include "../../po/i18n.h"
#include "suite.h"
#include "lab06.h"

START_TEST(one_to_one)
{
    static const struct config c = {16, 1, 1, 2000};

    check_transfer(&c, NULL, "");
}
END_TEST

START_TEST(one_slot)
{
    static const struct config c1 = {1, 1, 1, 1000}, c2 = {1, 2, 2, 500};

    check_transfer(&c1, NULL, "");
    check_transfer(&c2, NULL, "");
}
END_TEST

START_TEST(producers_3x2)
{
    static const struct config c1 = {2, 3, 2, 600}, c2 = {16, 3, 2, 600};

    check_transfer(&c1, NULL, "");
    check_transfer(&c2, NULL, "");
}
END_TEST

START_TEST(consumers_2x3)
{
    static const struct config c1 = {2, 2, 3, 900}, c2 = {16, 2, 3, 900};

    check_transfer(&c1, NULL, "");
    check_transfer(&c2, NULL, "");
}
END_TEST

static const struct graded_test flow_tests[] = {
    {.test = &one_to_one,
     .points = 2,
     .title = "one producer, one consumer, 16 slots: every item arrives once",
     .hint = "Check the ring: a producer waits for a free slot (P on empty), a consumer for a full "
             "one (P on full); empty starts at N, full at 0. The indexes go round: in = (in + 1) % "
             "N. Each consumed item is printed on its own line as two numbers: producer, sequence "
             "number. Notes, section 7 (System V semaphores)."},
    {.test = &one_slot,
     .points = 2,
     .title = "one slot (1x1 and 2x2): no deadlock, every item arrives once",
     .hint = "A deadlock with one slot: a process takes the mutex, then waits for empty (or full) "
             "while holding it, and the process that would signal needs the mutex. Take P(empty) "
             "or P(full) first, P(mutex) second. Notes, section 7."},
    {.test = &producers_3x2,
     .points = 3,
     .title = "3 producers, 2 consumers (2 and 16 slots): no item lost or duplicated",
     .hint = "Several producers (or consumers) update the same index: without the mutex around "
             "slot[in] = item; in = (in + 1) % N, two of them write the same slot and an item is "
             "lost (the lost update). Notes, section 6 (lost update) and 7."},
    {.test = &consumers_2x3,
     .points = 2,
     .title = "2 producers, 3 consumers (2 and 16 slots): no item lost or duplicated",
     .hint =
         "Several consumers read the same index: without the mutex around item = slot[out]; out = "
         "(out + 1) % N, two of them take the same item and another is never taken. Each consumer "
         "must take its share so that together they take every item. Notes, sections 6 and 7."},
    END_OF_TESTS,
};

static const struct lab lab = {
    .name = "06-ring-buffer",
    .programs = PROGRAM,
    .parts = (const struct graded_test *const[]){flow_tests, mutex_tests, object_tests, child_tests,
                                                 failure_tests, NULL},
    .seconds = 1.2, /* the solution, bench/02-speed: the runner starts the longest labs first */
};

LAB_MAIN(lab)

/*
 * flow.c - the items flow: every item through the ring exactly once, with
 * one or several producers and consumers, one slot or many.
 */
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

const struct graded_test flow_tests[] = {
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

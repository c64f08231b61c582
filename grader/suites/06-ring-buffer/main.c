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

START_TEST(removed)
{
    struct sb_result res;
    char left[1024];
    int leaked;

    check_small_run(&res);
    leaked = ipc_leftovers(NULL, 0, left, sizeof left);
    ck_assert_msg(leaked == 0,
                  _("expected nothing left when the program ended; %d objects were never removed: "
                    "%s"),
                  leaked, left);
    sb_result_free(&res);
}
END_TEST

/* ---- a ring process killed, stopped ----------------------------------------- */

/*
 * Wait until the program runs with `want` children (or the deadline): fill
 * kids with their pids and return how many there are.
 */
static int wait_children(struct sb_proc *proc, int want, pid_t *kids, double deadline)
{
    struct sb_process ps[64];
    int n = 0, i;

    do {
        int got = sb_processes(proc, ps, 64);

        for (n = 0, i = 1; i < got && n < want; i++)
            if (ps[i].state != 'Z')
                kids[n++] = ps[i].pid;
        if (n >= want)
            break;
        pause_ms(1);
    } while (seconds() < deadline && !sb_ended(proc));
    return n;
}

START_TEST(child_killed)
{
    /* Long enough to be killed in its midst (seconds); after the kill, the
     * others wait for ever unless the parent wakes them. */
    static const struct config c = {1, 2, 2, 100000};
    struct sb_result res;
    struct sb_proc *proc;
    char cmd[96], how[1024], left[1024];
    pid_t kids[4];
    int before, got, leaked;

    free(normal_trace(&before));
    proc = start_ring(&c, 2 * RUN_TIMEOUT);
    got = wait_children(proc, 4, kids, seconds() + RUN_TIMEOUT * sb_timeout_scale());
    if (got == 4)
        kill(kids[3], SIGKILL);
    sb_wait(proc, &res);
    command(&c, cmd, sizeof cmd);
    ck_assert_msg(got == 4,
                  _("`%s`: the grader waited for the program's 4 children (2 producers, "
                    "2 consumers), which never all ran at once; the program %s"),
                  cmd, sb_describe(&res, how, sizeof how));
    ck_assert_msg(!res.timed_out,
                  _("`%s`: the grader killed one child (SIGKILL) while items flowed; expected "
                    "the parent to notice it (waitpid), remove the semaphore set so that the "
                    "others wake up (EIDRM), and stop; the program %s"),
                  cmd, sb_describe(&res, how, sizeof how));
    ck_assert_msg(!res.signaled && res.exited && res.exit_status != 0,
                  _("`%s`: the grader killed one child (SIGKILL); expected the program to end "
                    "with a non-zero exit status; it %s"),
                  cmd, sb_describe(&res, how, sizeof how));
    ck_assert_msg(res.err[0] != '\0',
                  _("`%s`: the grader killed one child (SIGKILL); expected a message on standard "
                    "error saying so; the program printed none"),
                  cmd);
    ck_assert_msg(!res.orphans,
                  _("`%s`: the grader killed one child (SIGKILL); expected the parent to wait for "
                    "every other child before it ends: some were still running; it %s"),
                  cmd, sb_describe(&res, how, sizeof how));
    leaked = ipc_leftovers(NULL, 0, left, sizeof left);
    ck_assert_msg(leaked <= before,
                  _("`%s`: the grader killed one child (SIGKILL); expected the program to remove "
                    "its objects all the same; %d were left: %s"),
                  cmd, leaked - before, left);
    sb_result_free(&res);
}
END_TEST

/*
 * Stop each child (SIGSTOP) while it waits on a semaphore, then let it go on
 * (SIGCONT), as a user's Ctrl-Z and fg would: on Linux the wait then fails
 * with EINTR, even without a signal handler, and must be started again (P
 * of pv.h does). With the System V set of ring.h the grader holds the mutex
 * meanwhile, so that every child is surely waiting when it is stopped.
 */
START_TEST(stop_continue)
{
    static const struct config c = {4, 1, 1, 1000}; /* one of each: no race in play */
    struct sb_process ps[64];
    struct sb_proc *proc = start_ring(&c, 4 * RUN_TIMEOUT);
    double deadline = seconds() + RUN_TIMEOUT * sb_timeout_scale();
    int semid = hold_mutex(proc, deadline), n = 0, waiting = 0, i;
    pid_t kids[8];

    /* Every child, each waiting (on the mutex the grader holds, or on a slot). */
    while (seconds() < deadline && !sb_ended(proc)) {
        int got = sb_processes(proc, ps, 64);

        for (n = waiting = 0, i = 1; i < got && n < 8; i++) {
            if (ps[i].state == 'Z')
                continue;
            kids[n++] = ps[i].pid;
            waiting += ps[i].in_semop == 1 || ps[i].in_futex == 1;
        }
        if (n >= 2 && waiting == n)
            break;
        pause_ms(1);
    }
    for (i = 0; i < n; i++)
        kill(kids[i], SIGSTOP);
    /* Until each is stopped, then each goes on. */
    while (seconds() < deadline && !sb_ended(proc)) {
        int got = sb_processes(proc, ps, 64), left = 0, j;

        for (i = 1; i < got; i++)
            for (j = 0; j < n; j++)
                left += ps[i].pid == kids[j] && ps[i].state != 'T' && ps[i].state != 't' &&
                        ps[i].state != 'Z';
        if (left == 0)
            break;
        pause_ms(1);
    }
    for (i = 0; i < n; i++)
        kill(kids[i], SIGCONT);
    pause_ms(20);
    if (semid != -1)
        give_mutex(semid);
    check_ended(proc, &c,
                _("after the grader stopped each child (SIGSTOP) while it waited on a semaphore, "
                  "then let it go on (SIGCONT): "));
}
END_TEST

/*
 * The largest ring, 4096 slots, with more items than slots: the indexes go
 * round and the last slot is used. A System V segment must hold the layout
 * of ring.h: sizeof(struct ring) + 4096 * sizeof(struct item) bytes. The
 * grader looks at it while it holds the mutex (so the run cannot end first).
 */
START_TEST(slots_4096)
{
    /* One of each (no race in play), and as many items as slots and more:
     * the last slot is used. */
    static const struct config c = {4096, 1, 1, 4200};
    const size_t need = RING_BYTES(c.slots);
    struct shm_info_row shm[64];
    struct sb_proc *proc = start_ring(&c, 4 * RUN_TIMEOUT);
    double deadline = seconds() + RUN_TIMEOUT * sb_timeout_scale();
    int semid = hold_mutex(proc, deadline), n, i;
    size_t largest = 0;

    /* The children need the segment to go on: it exists before they can. */
    while (semid != -1 && largest == 0 && seconds() < deadline && !sb_ended(proc)) {
        n = ipc_list_shm(shm, 64);
        for (i = 0; i < n; i++)
            if (shm[i].uid == sb_uid() && shm[i].size > largest)
                largest = shm[i].size;
        if (largest == 0)
            pause_ms(1);
    }
    if (semid != -1)
        give_mutex(semid);
    check_ended(proc, &c, "");
    ck_assert_msg(largest == 0 || largest >= need,
                  _("`ring -s %d ...`: its System V segment has %zu bytes; the ring of ring.h "
                    "needs sizeof(struct ring) + %d * sizeof(struct item) = %zu bytes"),
                  c.slots, largest, c.slots, need);
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

static const struct graded_test end_tests[] = {
    {.test = &removed,
     .points = 2,
     .title = "the segment and the semaphore set are removed at the end",
     .hint = "Segments and semaphore sets outlive the processes: after waiting for the children, "
             "remove the set (semctl(semid, 0, IPC_RMID)) and the segment (shmctl(shmid, IPC_RMID, "
             "NULL)). Notes, sections 3, 4 and 7."},
    {.test = &slots_4096,
     .points = 1,
     .title = "4096 slots, the largest ring: the segment holds them all, the indexes go round",
     .hint = "The segment holds the header and N slots: sizeof(struct ring) + N * sizeof(struct "
             "item) bytes, with N up to RING_MAX_SLOTS (4096). With more items than slots the "
             "indexes go round and the last slot, N - 1, is used too. Notes, section 4."},
    {.test = &stop_continue,
     .points = 1,
     .title = "a child stopped and continued while it waits (Ctrl-Z, fg) goes on",
     .hint = "After SIGSTOP and SIGCONT, a semop that was waiting fails with EINTR on Linux, even "
             "without a signal handler: start it again (the P and V of pv.h do), never treat "
             "EINTR as the end. Notes, section 7."},
    {.test = &child_killed,
     .points = 2,
     .title = "a child killed while items flow: the program reports it, removes the set, and ends",
     .hint = "Wait for the children in the order they end (waitpid(-1, ...)); for one that did "
             "not exit with status 0, print a message, remove the semaphore set at once (the "
             "others, blocked for ever otherwise, wake up with EIDRM), then wait for the others "
             "and remove the segment. Exit with a non-zero status. Notes, section 7."},
    END_OF_TESTS,
};

static const struct lab lab = {
    .name = "06-ring-buffer",
    .programs = PROGRAM,
    .parts = (const struct graded_test *const[]){flow_tests, mutex_tests, end_tests, failure_tests,
                                                 NULL},
    .seconds = 1.2, /* the solution, bench/02-speed: the runner starts the longest labs first */
};

LAB_MAIN(lab)

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

/* ---- failure paths ------------------------------------------------------- */

/* A fault the grader injects: the call ("call:ERRNO", or "call:ERRNO:N" for the N-th call), and its errno. */
struct fault {
    const char *fail; /* as sb_spec.fail wants it */
    const char *call; /* the call's name, for messages */
    const char *name; /* the errno's name */
    int err;
};

/* The system's text for an errno, as the program prints it (it runs with LC_ALL=C). */
static const char *errno_text(int err)
{
    static locale_t c = (locale_t)0;

    if (c == (locale_t)0)
        c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    return c != (locale_t)0 ? strerror_l(err, c) : strerror(err);
}

/*
 * Run the configuration with the fault injected, and fail the test unless the
 * program stopped on its own, without a crash, with a non-zero status, a
 * message on stderr giving the reason (the errno's text: perror, die or
 * strerror), no process of it left running, and nothing left but what
 * `before` objects already were. `what` says which step failed.
 */
static void check_failure(const struct config *c, const struct fault *f, const char *what,
                          int before)
{
    struct sb_result res;
    char how[1024], left[1024], ctx[384];
    int after;

    snprintf(ctx, sizeof ctx, _("when %s (the grader made %s fail with %s), "), what, f->call,
             f->name);
    run_ring(c, f->fail, &res);
    ck_assert_msg(!res.timed_out, _("%sexpected the program to stop with a message; it %s"), ctx,
                  sb_describe(&res, how, sizeof how));
    ck_assert_msg(!res.signaled,
                  _("%sexpected the program to stop with a message, not to crash (compare the "
                    "call's result with its failure value, and stop before using it); it %s"),
                  ctx, sb_describe(&res, how, sizeof how));
    ck_assert_msg(res.exited && res.exit_status != 0, _("%sexpected a non-zero exit status; it %s"),
                  ctx, sb_describe(&res, how, sizeof how));
    ck_assert_msg(strstr(res.err, errno_text(f->err)) != NULL,
                  _("%sexpected a message on standard error giving the reason, the text of errno "
                    "(\"%s\": perror, die or strerror); it %s"),
                  ctx, errno_text(f->err), sb_describe(&res, how, sizeof how));
    ck_assert_msg(!res.orphans,
                  _("%sexpected every child to end before the program: some were still running "
                    "when it stopped (remove the semaphore set, which wakes them, then wait for "
                    "them); it %s"),
                  ctx, sb_describe(&res, how, sizeof how));
    after = ipc_leftovers(NULL, 0, left, sizeof left);
    ck_assert_msg(after <= before,
                  _("%sexpected the program to remove what it had already created before "
                    "stopping; %d objects were left: %s"),
                  ctx, after - before, left);
    sb_result_free(&res);
}

/*
 * A normal small run: the program must work first. Returns its trace (the
 * calls it made, to choose which to make fail: the API is free), to free,
 * and in *before what it left (the test removed's business, not this one's).
 */
static char *normal_trace(int *before)
{
    struct sb_result res;
    char left[1024], *trace;

    check_small_run(&res);
    trace = strdup(res.trace);
    sb_result_free(&res);
    ck_assert_msg(trace != NULL, _("grader: out of memory"));
    *before = ipc_leftovers(NULL, 0, left, sizeof left);
    return trace;
}

START_TEST(segment_failure)
{
    static const struct fault sysv[] = {{"shmget:ENOMEM", "shmget", "ENOMEM", ENOMEM},
                                        {"shmat:ENOMEM", "shmat", "ENOMEM", ENOMEM}},
                              posix[] = {{"shm_open:EMFILE", "shm_open", "EMFILE", EMFILE},
                                         {"mmap:ENOMEM", "mmap", "ENOMEM", ENOMEM}};
    const struct fault *f = NULL;
    int before, n = 0, i;
    char *trace = normal_trace(&before);

    if (strstr(trace, " shmget(") != NULL)
        f = sysv, n = 2;
    else if (strstr(trace, " shm_open(") != NULL)
        f = posix, n = 2;
    else if (strstr(trace, " mmap(") != NULL)
        f = posix + 1, n = 1;
    free(trace);
    ck_assert_msg(f != NULL, _("the grader saw no shmget, shm_open or shared mmap call: the ring "
                               "must be in shared memory"));
    for (i = 0; i < n; i++)
        check_failure(&small_run, &f[i],
                      i == 0 && n == 2 ? _("the segment cannot be created")
                                       : _("the segment cannot be attached (mapped)"),
                      before);
}
END_TEST

START_TEST(creation_failure)
{
    static const struct fault semget_f = {"semget:ENOSPC", "semget", "ENOSPC", ENOSPC},
                              semctl_f = {"semctl:EACCES", "semctl", "EACCES", EACCES},
                              open_f = {"sem_open:ENOMEM", "sem_open", "ENOMEM", ENOMEM},
                              init_f = {"sem_init:EINVAL", "sem_init", "EINVAL", EINVAL};
    int before;
    char *trace = normal_trace(&before);
    const char *setting = strstr(trace, " semctl(");
    int sysv = strstr(trace, " semget(") != NULL,
        init = setting != NULL &&
               (strstr(trace, "SETALL)") != NULL || strstr(trace, "SETVAL)") != NULL);
    const struct fault *f = sysv                                  ? &semget_f
                            : strstr(trace, " sem_open(") != NULL ? &open_f
                            : strstr(trace, " sem_init(") != NULL ? &init_f
                                                                  : NULL;

    free(trace);
    ck_assert_msg(f != NULL, _("the grader saw no semget, sem_open or sem_init call: the program "
                               "must guard its buffer with semaphores"));
    check_failure(&small_run, f, _("the semaphores cannot be created"), before);
    if (sysv && init) /* SETALL or SETVAL: their first values */
        check_failure(&small_run, &semctl_f, _("the semaphores cannot be given their first values"),
                      before);
}
END_TEST

START_TEST(fork_failure)
{
    /* One slot and many items: the child started first waits for the other. */
    static const struct config c = {1, 1, 1, 1000};
    static const struct fault f = {"fork:EAGAIN:2", "the second fork", "EAGAIN", EAGAIN};
    int before;

    free(normal_trace(&before));
    check_failure(&c, &f, _("a fork fails after a first child has started"), before);
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
    {.test = &segment_failure,
     .points = 1,
     .title = "a failed shmget or shmat is reported, and nothing is left",
     .hint = "Compare shmget's result with -1 and shmat's with (void *) -1 (not NULL); when shmat "
             "fails, remove the segment before stopping; print the reason (perror or die) and exit "
             "with a non-zero status, before any other use of the result. Notes, sections 3 and "
             "4."},
    {.test = &creation_failure,
     .points = 1,
     .title = "a failed semget or SETALL is reported, and what was created is removed",
     .hint = "Compare semget's and semctl's results with -1; on failure remove what you already "
             "created (the segment, the set), then print the reason (perror or die) and exit with "
             "a non-zero status. Notes, section 7."},
    {.test = &fork_failure,
     .points = 1,
     .title = "a failed fork is reported, the children already started end, nothing is left",
     .hint = "If fork returns -1: print the reason (perror), remove the semaphore set (the "
             "children already started wake up with EIDRM and end), stop forking, wait for "
             "those children, remove the segment, and exit with a non-zero status. Notes, "
             "sections 2 and 7."},
    END_OF_TESTS,
};

static const struct lab lab = {
    .name = "06-ring-buffer",
    .programs = PROGRAM,
    .parts = (const struct graded_test *const[]){flow_tests, mutex_tests, end_tests, NULL},
    .seconds = 1.2, /* the solution, bench/02-speed: the runner starts the longest labs first */
};

LAB_MAIN(lab)

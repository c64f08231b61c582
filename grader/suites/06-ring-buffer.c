/*
 * 06-ring-buffer.c - tests of lab 06 (ring).
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
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../po/i18n.h"
#include "suite.h"

#define PROGRAM     "ring"
#define RUN_TIMEOUT 2.0 /* seconds: a correct program needs well under 0.3 s */
#define LINE_BUDGET 32  /* characters an item's line may take: the sandbox keeps 64 KiB */

/* One run of the program. */
struct config {
    int slots, producers, consumers, items;
};

/* Run ring with the configuration c (and a fault to inject, or NULL). */
static void run_ring(const struct config *c, const char *fail, struct sb_result *res)
{
    char s[16], p[16], k[16], n[16];
    const char *args[] = {"-s", s, "-p", p, "-c", k, "-n", n, NULL};
    struct sb_spec spec = {0};

    snprintf(s, sizeof s, "%d", c->slots);
    snprintf(p, sizeof p, "%d", c->producers);
    snprintf(k, sizeof k, "%d", c->consumers);
    snprintf(n, sizeof n, "%d", c->items);
    spec.program = PROGRAM;
    spec.args = args;
    spec.fail = fail;
    spec.timeout = RUN_TIMEOUT;
    sb_run(&spec, res);
}

/* "ring -s 2 -p 3 -c 2 -n 1000", for messages. */
static const char *command(const struct config *c, char *buf, size_t size)
{
    snprintf(buf, size, "ring -s %d -p %d -c %d -n %d", c->slots, c->producers, c->consumers,
             c->items);
    return buf;
}

/* What the grader found in the output. */
struct tally {
    long item_lines;  /* lines with exactly two numbers */
    long other_lines; /* non-blank lines with another count of numbers */
    char other[128];  /* the first of them */
    long missing, duplicated, invented;
    char first_missing[64], first_duplicated[64], first_invented[64];
    int base_p, base_s; /* 0 or 1: where the program's numbering starts */
};

/* Copy line[0..len) into buf as a quoted excerpt on one line. */
static void quote_line(const char *line, size_t len, char *buf, size_t size)
{
    if (len > 80)
        /* TRANSLATORS: a quotation of a line of the output. */
        snprintf(buf, size, _("\"%.80s ...\""), line);
    else
        snprintf(buf, size, _("\"%.*s\""), (int)len, line);
}

/*
 * Copy the line that starts at `line` into buf (cut to size - 1 characters,
 * without its newline); return where the next line starts, or NULL at the end.
 */
static const char *next_line(const char *line, char *buf, size_t size, size_t *len)
{
    const char *end = strchr(line, '\n');
    size_t n = end != NULL ? (size_t)(end - line) : strlen(line);

    *len = n < size - 1 ? n : size - 1;
    memcpy(buf, line, *len);
    buf[*len] = '\0';
    if (end != NULL)
        return end + 1;
    return *line != '\0' ? line + n : NULL;
}

/*
 * Count the items printed in text against the expected PRODUCERS x ITEMS.
 * Returns 1 if each expected item appears exactly once and nothing else does.
 */
static int tally_items(const char *text, const struct config *c, struct tally *t)
{
    long total = (long)c->producers * c->items, i, v[3], minp = LONG_MAX, mins = LONG_MAX;
    unsigned *seen = calloc((size_t)total + 1, sizeof *seen);
    const char *line;
    char buf[256];
    size_t len;

    ck_assert_msg(seen != NULL, _("grader: out of memory"));
    memset(t, 0, sizeof *t);
    /* First pass: does the numbering start at 0 or at 1? */
    for (line = text; line != NULL && *line != '\0';) {
        line = next_line(line, buf, sizeof buf, &len);
        if (find_integers(buf, v, 3) != 2)
            continue;
        minp = v[0] < minp ? v[0] : minp;
        mins = v[1] < mins ? v[1] : mins;
    }
    t->base_p = minp == 1;
    t->base_s = mins == 1;
    /* Second pass: count each item. */
    for (line = text; line != NULL && *line != '\0';) {
        long p, s;

        line = next_line(line, buf, sizeof buf, &len);
        if (find_integers(buf, v, 3) != 2) {
            if (strspn(buf, " \t\r") < len && t->other_lines++ == 0)
                quote_line(buf, len, t->other, sizeof t->other);
            continue;
        }
        t->item_lines++;
        p = v[0] - t->base_p;
        s = v[1] - t->base_s;
        if (p < 0 || p >= c->producers || s < 0 || s >= c->items) {
            if (t->invented++ == 0)
                snprintf(t->first_invented, sizeof t->first_invented, _("\"%ld %ld\""), v[0], v[1]);
            continue;
        }
        if (++seen[p * c->items + s] == 2 && t->duplicated++ == 0)
            snprintf(t->first_duplicated, sizeof t->first_duplicated, _("\"%ld %ld\""), v[0], v[1]);
    }
    for (i = 0; i < total; i++)
        if (seen[i] == 0 && t->missing++ == 0)
            snprintf(t->first_missing, sizeof t->first_missing, _("\"%ld %ld\""),
                     i / c->items + t->base_p, i % c->items + t->base_s);
    free(seen);
    return t->missing == 0 && t->duplicated == 0 && t->invented == 0 && t->item_lines == total;
}

/* One paragraph on what the output held, for a failure message. */
static const char *describe_tally(const struct tally *t, const struct config *c, char *buf,
                                  size_t size)
{
    size_t n;

    snprintf(buf, size, _("%ld lines with two numbers (items) for %ld expected"), t->item_lines,
             (long)c->producers * c->items);
    n = strlen(buf);
    if (t->missing > 0 && n < size)
        snprintf(buf + n, size - n, _("; lost (never printed): %ld item(s), e.g. %s"), t->missing,
                 t->first_missing);
    n = strlen(buf);
    if (t->duplicated > 0 && n < size)
        snprintf(buf + n, size - n, _("; printed more than once: %ld item(s), e.g. %s"),
                 t->duplicated, t->first_duplicated);
    n = strlen(buf);
    if (t->invented > 0 && n < size)
        snprintf(buf + n, size - n,
                 _("; made by no producer (a number out of range): %ld item(s), e.g. %s"),
                 t->invented, t->first_invented);
    n = strlen(buf);
    if (t->item_lines == 0 && t->other_lines > 0 && n < size)
        snprintf(buf + n, size - n,
                 _("; ignored: %ld other lines, e.g. %s (an item's line must hold exactly two "
                   "numbers: the producer's, then the sequence number)"),
                 t->other_lines, t->other);
    return buf;
}

/*
 * Run the configuration and fail the test unless the program ended on its
 * own with status 0 and printed every item exactly once. The result is
 * freed, or handed to the caller in *keep (which then frees it). context
 * starts every failure message ("" for none).
 */
static void check_transfer(const struct config *c, struct sb_result *keep, const char *context)
{
    struct sb_result res;
    struct tally t;
    char cmd[96], how[1024], what[768];
    int ok;

    run_ring(c, NULL, &res);
    ok = tally_items(res.out, c, &t);
    describe_tally(&t, c, what, sizeof what);
    ck_assert_msg(!res.timed_out, _("%s`%s` %s.\nBefore it was stopped, the output held %s."),
                  context, command(c, cmd, sizeof cmd), sb_describe(&res, how, sizeof how), what);
    ck_assert_msg(!res.out_truncated,
                  _("%s`%s`: the output was longer than the grader reads (64 KiB), so items were "
                    "cut off; keep each item's line under %d characters (\"2 17\" is enough)."),
                  context, command(c, cmd, sizeof cmd), LINE_BUDGET);
    ck_assert_msg(!res.signaled && res.exited && res.exit_status == 0,
                  _("%s`%s`: expected exit status 0; the program %s.\nIts output held %s."),
                  context, command(c, cmd, sizeof cmd), sb_describe(&res, how, sizeof how), what);
    ck_assert_msg(ok,
                  _("%s`%s`: expected each of the %d x %d items exactly once; the output held %s."),
                  context, command(c, cmd, sizeof cmd), c->producers, c->items, what);
    if (keep != NULL)
        *keep = res;
    else
        sb_result_free(&res);
}

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

/* A small run, fewer items than slots: the program must work first. */
static const struct config small = {4, 1, 1, 3};
#define NEEDS_WORK _("this test needs the program to work first (see one_to_one): ")

START_TEST(removed)
{
    struct sb_result res;
    char left[1024];
    int leaked;

    check_transfer(&small, &res, NEEDS_WORK);
    leaked = ipc_leftovers(NULL, 0, left, sizeof left);
    ck_assert_msg(leaked == 0,
                  _("expected nothing left when the program ended; %d objects were never removed: "
                    "%s"),
                  leaked, left);
    sb_result_free(&res);
}
END_TEST

/* The call that created the semaphores in a normal run, and an errno it documents. */
static const char *creation_fault(const char *trace)
{
    if (strstr(trace, " semget(") != NULL)
        return "semget:ENOSPC";
    if (strstr(trace, " sem_open(") != NULL)
        return "sem_open:ENOMEM";
    if (strstr(trace, " sem_init(") != NULL)
        return "sem_init:EINVAL";
    return NULL;
}

START_TEST(creation_failure)
{
    struct sb_result res;
    const char *fault;
    char how[1024], left[1024];
    int before, after;

    check_transfer(&small, &res, NEEDS_WORK);
    fault = creation_fault(res.trace);
    sb_result_free(&res);
    ck_assert_msg(fault != NULL,
                  _("the grader saw no semget, sem_open or sem_init call: the program "
                    "must guard its buffer with semaphores"));
    /* What the normal run left is the test removed's business, not this one's. */
    before = ipc_leftovers(NULL, 0, left, sizeof left);

    run_ring(&small, fault, &res);
    ck_assert_msg(!res.timed_out && !res.signaled,
                  _("when the semaphores cannot be created (the grader made %s fail), expected the "
                    "program to stop with a message; it %s"),
                  fault, sb_describe(&res, how, sizeof how));
    ck_assert_msg(res.exited && res.exit_status != 0,
                  _("when the semaphores cannot be created (the grader made %s fail), expected a "
                    "non-zero exit status; it %s"),
                  fault, sb_describe(&res, how, sizeof how));
    ck_assert_msg(res.err[0] != '\0',
                  _("when the semaphores cannot be created, expected a message on standard error "
                    "(perror or die); it printed none"));
    after = ipc_leftovers(NULL, 0, left, sizeof left);
    ck_assert_msg(after <= before,
                  _("when the semaphores cannot be created (the grader made %s fail), expected the "
                    "program to remove what it had already created (the segment) before stopping; "
                    "%d objects were left: %s"),
                  fault, after - before, left);
    sb_result_free(&res);
}
END_TEST

static const struct graded_test tests[] = {
    {&one_to_one, 2, "one producer, one consumer, 16 slots: every item arrives once",
     "Check the ring: a producer waits for a free slot (P on empty), a consumer for a full one "
     "(P on full); empty starts at N, full at 0. The indexes go round: in = (in + 1) % N. "
     "Each consumed item is printed on its own line as two numbers: producer, sequence number. "
     "Notes, section 7 (System V semaphores).",
     0, 0},
    {&one_slot, 2, "one slot (1x1 and 2x2): no deadlock, every item arrives once",
     "A deadlock with one slot: a process takes the mutex, then waits for empty (or full) while "
     "holding it, and the process that would signal needs the mutex. Take P(empty) or P(full) "
     "first, P(mutex) second. Notes, section 7.",
     0, 0},
    {&producers_3x2, 3, "3 producers, 2 consumers (2 and 16 slots): no item lost or duplicated",
     "Several producers (or consumers) update the same index: without the mutex around "
     "slot[in] = item; in = (in + 1) % N, two of them write the same slot and an item is lost "
     "(the lost update). Notes, section 6 (lost update) and 7.",
     0, 0},
    {&consumers_2x3, 2, "2 producers, 3 consumers (2 and 16 slots): no item lost or duplicated",
     "Several consumers read the same index: without the mutex around item = slot[out]; "
     "out = (out + 1) % N, two of them take the same item and another is never taken. Each "
     "consumer must take its share so that together they take every item. Notes, sections 6 "
     "and 7.",
     0, 0},
    {&removed, 2, "the segment and the semaphore set are removed at the end",
     "Segments and semaphore sets outlive the processes: after waiting for the children, remove "
     "the set (semctl(semid, 0, IPC_RMID)) and the segment (shmctl(shmid, IPC_RMID, NULL)). "
     "Notes, sections 3, 4 and 7.",
     0, 0},
    {&creation_failure, 1,
     "a failed semaphore creation is reported, and the segment already created is removed",
     "Compare semget's result with -1; on failure remove the segment you already created, then "
     "print the reason (perror or die) and exit with a non-zero status. Notes, section 7.",
     0, 0},
    END_OF_TESTS,
};

static const struct lab lab = {"06-ring-buffer", PROGRAM, tests};

LAB_MAIN(lab)

/*
 * 01-fork-parent-child.c - tests of lab 01 (fork_share).
 *
 * The program's contract (the lab's handout): it creates a private segment
 * for one int, forks; the child prints the value it finds, reads a number on
 * standard input and stores it; the parent waits, prints the value it then
 * reads, detaches and removes the segment, and exits 0. Wording is free: a
 * test only looks for the number in the parent's output.
 *
 * Every run starts with a segment of id 0 already there, as on a machine
 * where the student ran other programs before: the precedence bug
 * `shmid = shmget(...) == -1` sets shmid to 0 and uses that segment.
 *
 * The preload's gates make the order of parent and child deterministic:
 * "parent" holds the parent after fork until the child has ended, "child"
 * holds the child until the parent waits (or ends). No test depends on luck.
 */
#include <stdio.h>
#include <string.h>
#include <sys/shm.h>

#include "../po/i18n.h"
#include "suite.h"

#define PROGRAM     "fork_share"
#define CANARY      "segment 0 belongs to someone else"
#define CANARY_SIZE 4096

static int neighbour = -1; /* the segment that exists before the run */
static int mark;           /* allocator mark taken before the run */

/* Create the neighbour segment (id 0), owned by the student's uid, with a canary. */
static void prepare(void)
{
    char *p;

    neighbour = shmget(IPC_PRIVATE, CANARY_SIZE, 0600);
    ck_assert_msg(neighbour != -1, _("grader: cannot create the neighbour segment"));
    /* Without namespaces (the fallback), ids are the host's: id 0 may not be ours. */
    ck_assert_msg(neighbour == 0 || !sb_isolated(),
                  _("grader: the first segment of a new namespace got id %d, not 0"), neighbour);
    p = shmat(neighbour, NULL, 0);
    ck_assert_msg(p != (void *)-1, _("grader: cannot attach the neighbour segment"));
    strcpy(p, CANARY);
    shmdt(p);
    ck_assert_msg(ipc_chown_shm(neighbour, sb_uid(), sb_gid(), 0600) == 0,
                  _("grader: cannot give the neighbour segment to the sandbox user"));
    /* Counting creations needs an id allocator of our own: unknown (-1) in the fallback. */
    mark = sb_isolated() ? ipc_shm_mark() : -1;
}

/* Run fork_share with `input` on its standard input. */
static void run_input(const char *gate, const char *fail, const char *input, struct sb_result *res)
{
    struct sb_spec spec = {0};

    spec.program = PROGRAM;
    spec.input = input;
    spec.gate = gate;
    spec.fail = fail;
    spec.split_child_output = 1;
    sb_run(&spec, res);
}

/* Run fork_share with `value` on its standard input. */
static void run(const char *gate, const char *fail, long value, struct sb_result *res)
{
    char input[32];

    snprintf(input, sizeof input, "%ld\n", value);
    run_input(gate, fail, input, res);
}

/* Fail the test unless the run ended on its own (no timeout, no signal). */
static void assert_finished(const struct sb_result *res, const char *when)
{
    char how[1024];

    ck_assert_msg(!res->timed_out && !res->signaled,
                  _("expected the program to end normally%s; it %s"), when,
                  sb_describe(res, how, sizeof how));
}

/* Fail the test unless the parent printed value. */
static void assert_parent_printed(const struct sb_result *res, long value, const char *context)
{
    char buf[160], calls[600], how[1024];

    ck_assert_msg(
        has_integer(res->out, value),
        _("the child stored %ld (read on its standard input); expected the parent to print "
          "%ld%s, but the parent printed %s\nThe program %s\nIPC calls seen: %s"),
        value, value, context, excerpt(res->out, buf, sizeof buf),
        sb_describe(res, how, sizeof how), sb_calls(res, calls, sizeof calls));
}

START_TEST(value_shared)
{
    long value = fresh_value();
    struct sb_result res;
    char how[1024];

    prepare();
    run("parent", NULL, value, &res);
    assert_finished(&res, "");
    assert_parent_printed(&res, value, "");
    ck_assert_msg(res.exited && res.exit_status == 0, _("expected exit status 0; the program %s"),
                  sb_describe(&res, how, sizeof how));
    sb_result_free(&res);
}
END_TEST

START_TEST(parent_waits)
{
    long value = fresh_value();
    struct sb_result res;

    prepare();
    run("child", NULL, value, &res);
    assert_finished(&res, "");
    assert_parent_printed(&res, value,
                          /* TRANSLATORS: added after "expected the parent to print N". */
                          _(" (the grader held the child back until the parent waited for it)"));
    ck_assert_msg(res.orphans == 0 && res.zombies == 0, "%s",
                  res.orphans ? _("expected the parent to wait for its child; when the parent "
                                  "ended, its child was still running")
                              : _("expected the parent to wait for its child; when the parent "
                                  "ended, its child was a zombie, never waited for"));
    sb_result_free(&res);
}
END_TEST

START_TEST(segment_removed)
{
    struct sb_result res;
    char left[1024], calls[600];
    int created, leaked;

    long value = fresh_value();

    prepare();
    run("parent", NULL, value, &res);
    assert_finished(&res, "");
    /* What is left first: a program that exhausts the ids also breaks the count. */
    leaked = ipc_leftovers(&neighbour, 1, left, sizeof left);
    ck_assert_msg(leaked == 0,
                  _("expected nothing left when the program ended; %d objects were never removed "
                    "(a segment needs shmctl with IPC_RMID): %s\nIPC calls seen: %s"),
                  leaked, left, sb_calls(&res, calls, sizeof calls));
    /* Cleaning up only counts for a program that does its job. */
    assert_parent_printed(&res, value, "");
    created = ipc_shm_created_since(mark); /* -1: unknown */
    ck_assert_msg(created != 0, _("expected the program to create one segment; it created none"));
    ck_assert_msg(created <= 1,
                  _("expected exactly one segment; the program created %d\nIPC calls seen: %s"),
                  created, sb_calls(&res, calls, sizeof calls));
    sb_result_free(&res);
}
END_TEST

START_TEST(neighbour_untouched)
{
    struct shm_info_row row;
    struct sb_result res;
    long value = fresh_value();
    char *p;

    prepare();
    run("parent", NULL, value, &res);
    assert_finished(&res, "");
    /* Leaving segment 0 alone only counts for a program that does its job. */
    assert_parent_printed(&res, value, "");
    ck_assert_msg(ipc_shm_created_since(mark) != 0,
                  _("expected the program to create its own segment; it created none"));
    ck_assert_msg(ipc_find_shm(neighbour, &row) == 0,
                  _("the segment with id 0, which existed before the program started, was removed "
                    "by it: the program used id 0 instead of the id shmget returned"));
    p = shmat(neighbour, NULL, SHM_RDONLY);
    ck_assert_msg(p != (void *)-1, _("grader: cannot attach the neighbour segment"));
    ck_assert_msg(strcmp(p, CANARY) == 0,
                  _("the segment with id 0, which existed before the program started, was written "
                    "by it: the program used id 0 instead of the id shmget returned"));
    shmdt(p);
    sb_result_free(&res);
}
END_TEST

/* The program works normally, and stops cleanly when `call` fails; with
 * must_clean, it also removes what it had created before the failure. */
static void check_failure_reported(const char *call, const char *err, int must_clean)
{
    long value = fresh_value();
    struct sb_result res;
    char fail[64], how[1024], left[1024];
    int before, leaked;

    prepare();
    run("parent", NULL, value, &res);
    ck_assert_msg(has_integer(res.out, value),
                  _("this test needs the program to work first: the parent did not print the value "
                    "the child stored (see the test value_shared)"));
    sb_result_free(&res);

    /* What the normal run left is another test's business (segment_removed). */
    before = ipc_leftovers(&neighbour, 1, left, sizeof left);
    snprintf(fail, sizeof fail, "%s:%s", call, err);
    run("parent", fail, value, &res);
    ck_assert_msg(!res.timed_out && !res.signaled,
                  _("when %s fails (the grader made it fail with %s), expected the program to stop "
                    "with a message; it %s"),
                  call, err, sb_describe(&res, how, sizeof how));
    ck_assert_msg(res.exited && res.exit_status != 0,
                  _("when %s fails (the grader made it fail with %s), expected a non-zero exit "
                    "status; it %s"),
                  call, err, sb_describe(&res, how, sizeof how));
    ck_assert_msg(res.err[0] != '\0',
                  _("when %s fails, expected a message on standard error (perror or die); it "
                    "printed none"),
                  call);
    /* Stopping is not enough: what was created before the failure goes too. */
    leaked = ipc_leftovers(&neighbour, 1, left, sizeof left) - before;
    ck_assert_msg(!must_clean || leaked <= 0,
                  _("when %s fails, expected the program to remove what it created before "
                    "stopping; %d objects were left: %s"),
                  call, leaked, left);
    sb_result_free(&res);
}

START_TEST(shmget_failure)
{
    check_failure_reported("shmget", "ENOSPC", 0);
}
END_TEST

START_TEST(shmat_failure)
{
    check_failure_reported("shmat", "ENOMEM", 0);
}
END_TEST

START_TEST(not_a_number)
{
    struct sb_result res;
    char how[1024];
    long value = fresh_value();

    prepare();
    run("parent", NULL, value, &res);
    ck_assert_msg(has_integer(res.out, value),
                  _("this test needs the program to work first: the parent did not print the value "
                    "the child stored (see the test value_shared)"));
    sb_result_free(&res);
    run_input("parent", NULL, "twelve\n", &res);
    assert_finished(&res, _(" when its input is not a number"));
    ck_assert_msg(res.err[0] != '\0',
                  _("when the input is not a number (the grader sent \"twelve\"), expected a "
                    "message on standard error; the program printed none. It %s"),
                  sb_describe(&res, how, sizeof how));
    sb_result_free(&res);
}
END_TEST

START_TEST(fork_failure)
{
    check_failure_reported("fork", "EAGAIN", 1);
}
END_TEST

static const struct graded_test tests[] = {
    {.test = &value_shared,
     .points = 3,
     .title = "the parent reads the value the child stored, and the program exits 0",
     .hint = "Create and attach the segment before fork(), so parent and child share it; the child "
             "stores the number it reads; the parent prints what it reads. Notes, section 5 (fork "
             "and shared memory)."},
    {.test = &parent_waits,
     .points = 2,
     .title = "the parent waits for its child before reading",
     .hint = "Without wait()/waitpid(), the parent may read before the child has written, and the "
             "child is left a zombie or an orphan. Notes, section 5."},
    {.test = &segment_removed,
     .points = 2,
     .title = "exactly one segment is created, and it is removed at the end",
     .hint =
         "A segment outlives the processes: remove it with shmctl(shmid, IPC_RMID, NULL), once, in "
         "the parent, after the child has ended. Create it once, before fork(). Notes, section 3."},
    {.test = &neighbour_untouched,
     .points = 1,
     .title = "a segment that already existed (id 0) is left alone",
     .hint =
         "In `if (shmid = shmget(...) == -1)`, == binds tighter than =, so shmid gets 0 or 1, not "
         "the id. Write `if ((shmid = shmget(...)) == -1)`. Notes, section 3 (the errata box)."},
    {.test = &shmget_failure,
     .points = 1,
     .title = "a failed shmget is reported, with a non-zero exit status",
     .hint = "Compare shmget's result with -1; on failure print the reason (perror or die) and "
             "exit with a non-zero status. Notes, section 3."},
    {.test = &shmat_failure,
     .points = 1,
     .title = "a failed shmat is reported, not used",
     .hint = "shmat returns (void *) -1 on failure, not NULL: `if (p == (void *) -1)`. Notes, "
             "section 3 (the errata box)."},
    {.test = &not_a_number,
     .points = 1,
     .title = "input that is not a number is reported",
     .hint = "Check that scanf returns 1; if not, print a message on standard error and end the "
             "child with _exit(EXIT_FAILURE). Handout, step 4."},
    {.test = &fork_failure,
     .points = 1,
     .title = "a failed fork is reported, and the segment is removed",
     .hint = "Compare fork's result with -1; on failure detach and remove the segment (IPC_RMID), "
             "then print the reason and exit with a non-zero status. Notes, section 5."},
    END_OF_TESTS,
};

static const struct lab lab = {
    .name = "01-fork-parent-child",
    .programs = PROGRAM,
    .tests = tests,
    .seconds = 0.3, /* the solution, bench/02-speed: the runner starts the longest labs first */
};

LAB_MAIN(lab)

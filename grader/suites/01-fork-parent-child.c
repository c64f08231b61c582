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
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/shm.h>

#include "../po/i18n.h"
#include "suite.h"

#define PROGRAM     "fork_share"
#define CANARY      "segment 0 belongs to someone else"
#define CANARY_SIZE 4096
/* fork_share ends within milliseconds: 2 s is a hundred times that, and a
 * program that never ends costs each test 2 s instead of the default 5. */
#define RUN_TIMEOUT 2.0

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
    spec.timeout = RUN_TIMEOUT;
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

/* The calls of the trace, one at a time: the pid and the call's text (without
 * the pid and the time stamp), copied into call; NULL at the end. */
static const char *next_call(const char *line, long *pid, char *call, size_t size)
{
    while (line != NULL && *line != '\0') {
        const char *end = strchr(line, '\n');
        size_t n = end != NULL ? (size_t)(end - line) : strlen(line);
        char text[256], *rest;

        snprintf(text, sizeof text, "%.*s", (int)n, line);
        line = end != NULL ? end + 1 : NULL;
        *pid = strtol(text, &rest, 10);
        if (rest == text)
            continue;
        (void)strtod(rest, &rest); /* the time stamp */
        while (*rest == ' ')
            rest++;
        snprintf(call, size, "%s", rest);
        return line != NULL ? line : "";
    }
    return NULL;
}

/* Did the program (its first process) fork a child? */
static int forked_a_child(const struct sb_result *res)
{
    const char *line = res->trace;
    char call[256];
    long pid, child;

    while ((line = next_call(line, &pid, call, sizeof call)) != NULL)
        if (sscanf(call, "fork() = %ld", &child) == 1 && child > 0)
            return 1;
    return 0;
}

/*
 * The segment the program created: key and size of its successful shmget
 * (from the trace). Returns 1 and fills them, 0 if none was seen.
 */
static int created_segment(const struct sb_result *res, unsigned *key, size_t *size)
{
    const char *line = res->trace;
    char call[256];
    long pid;
    int id;

    while ((line = next_call(line, &pid, call, sizeof call)) != NULL)
        if (sscanf(call, "shmget(0x%x, %zu, %*o) = %d", key, size, &id) == 3 && id != -1)
            return 1;
    return 0;
}

/*
 * After the injected failure of `call`, did the process that got it go on
 * with one of the calls in `next` (prefixes, e.g. "fork()")? Returns the
 * first such call, copied into buf, or NULL.
 */
static const char *went_on(const struct sb_result *res, const char *call, const char *const *next,
                           char *buf, size_t size)
{
    const char *line = res->trace;
    char text[256], injected[64];
    long pid, failed = -1;
    size_t i;

    snprintf(injected, sizeof injected, "%s: failure injected", call);
    while ((line = next_call(line, &pid, text, sizeof text)) != NULL) {
        if (failed == -1) {
            if (strncmp(text, injected, strlen(injected)) == 0)
                failed = pid;
            continue;
        }
        if (pid != failed)
            continue;
        for (i = 0; next[i] != NULL; i++)
            if (strncmp(text, next[i], strlen(next[i])) == 0) {
                snprintf(buf, size, "%s", text);
                return buf;
            }
    }
    return NULL;
}

/* Was the failure of `call` injected at all (the program made that call)? */
static int injected(const struct sb_result *res, const char *call)
{
    char text[64];

    snprintf(text, sizeof text, " %s: failure injected", call);
    return strstr(res->trace, text) != NULL;
}

/* Fail the test if a process of the program died of a signal: a crash is a
 * failure, also when the parent reports it. */
static void assert_no_crash(const struct sb_result *res, const char *when)
{
    char calls[600];
    int sig = sb_reaped(res, NULL);

    ck_assert_msg(sig == 0,
                  _("expected every process of the program to end normally%s; a child was killed "
                    "by signal %d (%s)%s, even if its parent reported it\nIPC calls seen: %s"),
                  when, sig, strsignal(sig),
                  sig == SIGSEGV ? _(": it used an invalid address") : "",
                  sb_calls(res, calls, sizeof calls));
}

/* Fail the test unless the child the parent waited for ended with status
 * `want` (0), or with a non-zero status (want -1). A child never waited for
 * is parent_waits's business. */
static void assert_child_status(const struct sb_result *res, int want, const char *when)
{
    char calls[600];
    int status;

    sb_reaped(res, &status);
    if (status == -1) /* not waited for: parent_waits's business */
        return;
    if (want == 0)
        ck_assert_msg(status == 0,
                      _("expected the child to end with status 0%s; it ended with status %d"
                        "\nIPC calls seen: %s"),
                      when, status, sb_calls(res, calls, sizeof calls));
    else
        ck_assert_msg(status != 0,
                      _("expected the child to end with a non-zero status%s "
                        "(_exit(EXIT_FAILURE)); it ended with status 0\nIPC calls seen: %s"),
                      when, sb_calls(res, calls, sizeof calls));
}

START_TEST(value_shared)
{
    long value = fresh_value();
    struct sb_result res;
    char how[1024];

    prepare();
    run("parent", NULL, value, &res);
    assert_finished(&res, "");
    assert_no_crash(&res, "");
    assert_parent_printed(&res, value, "");
    /* The lab is a parent and its child: a program that reads the number
     * itself, without fork, has not done it. */
    ck_assert_msg(forked_a_child(&res),
                  _("expected the program to fork a child that reads the number and stores it in "
                    "the segment; the program never forked (the grader saw no fork())"));
    ck_assert_msg(res.exited && res.exit_status == 0, _("expected exit status 0; the program %s"),
                  sb_describe(&res, how, sizeof how));
    assert_child_status(&res, 0, "");
    sb_result_free(&res);
}
END_TEST

START_TEST(private_segment)
{
    long value = fresh_value();
    struct sb_result res;
    char calls[600];
    unsigned key = 0;
    size_t size = 0;

    prepare();
    run("parent", NULL, value, &res);
    assert_finished(&res, "");
    assert_parent_printed(&res, value, "");
    ck_assert_msg(created_segment(&res, &key, &size),
                  _("expected the program to create its segment with shmget; the grader saw no "
                    "successful shmget\nIPC calls seen: %s"),
                  sb_calls(&res, calls, sizeof calls));
    ck_assert_msg(key == 0,
                  _("expected a private segment, shmget(IPC_PRIVATE, ...); the program asked for "
                    "the key 0x%08x, which any other program can find (and which may already be "
                    "taken)"),
                  key);
    ck_assert_msg(size >= sizeof(int),
                  _("expected a segment that holds an int, at least sizeof(int) = %zu bytes; the "
                    "program asked for %zu"),
                  sizeof(int), size);
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

/* Run the program normally: it must work first (the failure tests need it).
 * Returns 1 if that run left something behind (segment_removed's business:
 * a test of another path then does not count it again). */
static int assert_works(void)
{
    long value = fresh_value();
    struct sb_result res;
    char left[1024];

    int works = !suite_failed_before("works");

    if (works) {
        run("parent", NULL, value, &res);
        works = has_integer(res.out, value);
        sb_result_free(&res);
        if (!works)
            suite_mark_failed("works"); /* the next tests that need it fail at once */
    }
    ck_assert_msg(works, _("this test needs the program to work first: the parent did not print "
                           "the value the child stored (see the test value_shared)"));
    return ipc_leftovers(&neighbour, 1, left, sizeof left) > 0;
}

/*
 * The program stops cleanly when `call` fails (fail: "call:ERRNO", as the
 * preload takes it): by itself, with a message on standard error, a non-zero
 * status, no process killed by a signal, without going on to the calls of
 * `next` in the process that got the failure, and, with must_clean, after
 * removing what it had created. Returns 0 if the program never made that
 * call (nothing was injected), 1 otherwise.
 */
static int check_stops(const char *call, const char *fail, const char *const *next, int must_clean)
{
    long value = fresh_value();
    struct sb_result res;
    char how[1024], left[1024], seen[256], calls[600];
    const char *err = strchr(fail, ':') + 1;
    int before, leaked;

    /* What the normal run left is another test's business (segment_removed). */
    before = ipc_leftovers(&neighbour, 1, left, sizeof left);
    run("parent", fail, value, &res);
    if (!injected(&res, call)) {
        sb_result_free(&res);
        return 0;
    }
    ck_assert_msg(!res.timed_out && !res.signaled,
                  _("when %s fails (the grader made it fail with %s), expected the program to stop "
                    "with a message; it %s"),
                  call, err, sb_describe(&res, how, sizeof how));
    assert_no_crash(&res, "");
    ck_assert_msg(res.exited && res.exit_status != 0,
                  _("when %s fails (the grader made it fail with %s), expected a non-zero exit "
                    "status; it %s"),
                  call, err, sb_describe(&res, how, sizeof how));
    ck_assert_msg(res.err[0] != '\0',
                  _("when %s fails, expected a message on standard error (perror or die); it "
                    "printed none"),
                  call);
    ck_assert_msg(next == NULL || went_on(&res, call, next, seen, sizeof seen) == NULL,
                  _("when %s fails, expected the program to stop there; it went on with %s as if "
                    "the call had worked\nIPC calls seen: %s"),
                  call, seen, sb_calls(&res, calls, sizeof calls));
    /* Stopping is not enough: what was created before the failure goes too. */
    leaked = ipc_leftovers(&neighbour, 1, left, sizeof left) - before;
    ck_assert_msg(!must_clean || leaked <= 0,
                  _("when %s fails, expected the program to remove what it created before "
                    "stopping; %d objects were left: %s"),
                  call, leaked, left);
    sb_result_free(&res);
    return 1;
}

/* The program works normally, and stops cleanly when `call` fails with `err`. */
static void check_failure_reported(const char *call, const char *err, const char *const *next,
                                   int must_clean)
{
    char fail[64];

    prepare();
    assert_works();
    snprintf(fail, sizeof fail, "%s:%s", call, err);
    if (!check_stops(call, fail, next, must_clean))
        ck_abort_msg(_("expected the program to call %s; it never did"), call);
}

START_TEST(shmget_failure)
{
    static const char *const next[] = {"shmat(", "fork()", NULL};

    check_failure_reported("shmget", "ENOSPC", next, 1);
}
END_TEST

START_TEST(shmat_failure)
{
    static const char *const next[] = {"fork()", NULL};

    check_failure_reported("shmat", "ENOMEM", next, 1);
}
END_TEST

/* Input that is not a number: the child says so and ends with a non-zero
 * status; the parent still cleans up. */
static void check_not_a_number(const char *input, const char *shown, int leaks)
{
    struct sb_result res;
    char how[1024], when[160], left[1024];
    int before, leaked;

    snprintf(when, sizeof when, _(" when its input is %s"), shown);
    before = ipc_leftovers(&neighbour, 1, left, sizeof left);
    run_input("parent", NULL, input, &res);
    assert_finished(&res, when);
    assert_no_crash(&res, when);
    ck_assert_msg(res.err[0] != '\0',
                  _("when the input is %s, expected a message on standard error; the program "
                    "printed none. It %s"),
                  shown, sb_describe(&res, how, sizeof how));
    assert_child_status(&res, -1, when);
    leaked = ipc_leftovers(&neighbour, 1, left, sizeof left) - before;
    ck_assert_msg(leaks || leaked <= 0,
                  _("when the input is %s, expected the parent to remove the segment all the "
                    "same; %d objects were left: %s"),
                  shown, leaked, left);
    sb_result_free(&res);
}

START_TEST(not_a_number)
{
    int leaks;

    prepare();
    leaks = assert_works();
    check_not_a_number("twelve\n", _("not a number (the grader sent \"twelve\")"), leaks);
    check_not_a_number("", _("empty (end of file at once: scanf returns EOF, not 0)"), leaks);
}
END_TEST

START_TEST(fork_failure)
{
    static const char *const next[] = {"wait", NULL};

    check_failure_reported("fork", "EAGAIN", next, 1);
}
END_TEST

/* shmdt fails in both processes (each one's first shmdt): each reports it
 * and ends with a non-zero status; the segment still goes, since IPC_RMID
 * comes before the parent's shmdt. */
START_TEST(shmdt_failure)
{
    struct sb_result res;
    char how[1024], left[1024];
    long value = fresh_value();
    int before, leaked, leaks;

    prepare();
    leaks = assert_works();
    before = ipc_leftovers(&neighbour, 1, left, sizeof left);
    run("parent", "shmdt:EINVAL", value, &res);
    assert_finished(&res, _(" when shmdt fails"));
    assert_no_crash(&res, _(" when shmdt fails"));
    assert_child_status(&res, -1, _(" when its shmdt fails (the grader made it fail with EINVAL)"));
    ck_assert_msg(res.exited && res.exit_status != 0 && res.err[0] != '\0',
                  _("when the parent's shmdt fails (the grader made it fail with EINVAL), expected "
                    "a message on standard error and a non-zero exit status; it %s"),
                  sb_describe(&res, how, sizeof how));
    leaked = ipc_leftovers(&neighbour, 1, left, sizeof left) - before;
    ck_assert_msg(leaks || leaked <= 0,
                  _("when shmdt fails, expected the segment to be removed all the same (IPC_RMID "
                    "before shmdt); %d objects were left: %s"),
                  leaked, left);
    sb_result_free(&res);
}
END_TEST

/* The removal fails: the parent says so and exits non-zero. */
START_TEST(rmid_failure)
{
    prepare();
    assert_works();
    /* A program that never removes its segment fails segment_removed. */
    (void)check_stops("shmctl", "shmctl:EINVAL", NULL, 0);
}
END_TEST

/* The wait fails: the parent says so and exits non-zero (waitpid, or wait). */
START_TEST(wait_failure)
{
    prepare();
    assert_works();
    /* A parent that never waits fails parent_waits. */
    if (!check_stops("waitpid", "waitpid:ECHILD", NULL, 0))
        (void)check_stops("wait", "wait:ECHILD", NULL, 0);
}
END_TEST

static const struct graded_test tests[] = {
    {.test = &value_shared,
     .points = 3,
     .title = "the parent reads the value the child stored, and the program exits 0",
     .hint = "Create and attach the segment before fork(), so parent and child share it; the child "
             "reads the number, stores it and ends with status 0; the parent waits and prints what "
             "it reads. Notes, section 5 (fork and shared memory)."},
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
     .title = "input that is not a number (or no input) is reported",
     .hint = "Check that scanf returns 1 (not only that it is not 0: at end of file it returns "
             "EOF); if not, print a message on standard error and end the child with "
             "_exit(EXIT_FAILURE). Handout, step 4."},
    {.test = &fork_failure,
     .points = 1,
     .title = "a failed fork is reported, and the segment is removed",
     .hint = "Compare fork's result with -1; on failure detach and remove the segment (IPC_RMID), "
             "then print the reason and exit with a non-zero status. Notes, section 5."},
    {.test = &private_segment,
     .points = 1,
     .title = "the segment is private (IPC_PRIVATE) and holds an int",
     .hint = "shmget(IPC_PRIVATE, sizeof(int), 0600): a fixed key can be found, or already taken, "
             "by any other program, and the size is that of the int it holds. Handout, step 1."},
    {.test = &shmdt_failure,
     .points = 1,
     .title = "a failed shmdt is reported, in the child and in the parent",
     .hint = "Check shmdt in both processes: the child ends with die_child(\"shmdt\"), the parent "
             "with die(\"shmdt\"). Remove the segment (IPC_RMID) before the parent's shmdt, so "
             "that it goes even when shmdt fails. Handout, steps 5 and 8."},
    {.test = &rmid_failure,
     .points = 1,
     .title = "a failed IPC_RMID is reported",
     .hint = "Compare shmctl's result with -1: if the segment cannot be removed, say so on "
             "standard error and exit with a non-zero status. Handout, step 8."},
    {.test = &wait_failure,
     .points = 1,
     .title = "a failed waitpid is reported",
     .hint = "Compare waitpid's result with -1; on failure print the reason (die) and exit with a "
             "non-zero status: the child may not have written yet. Handout, step 6."},
    END_OF_TESTS,
};

static const struct lab lab = {
    .name = LAB_NAME,
    .programs = LAB_PROGRAMS,
    .tests = tests,
    .seconds = 0.3, /* the solution, bench/02-speed: the runner starts the longest labs first */
};

LAB_MAIN(lab)

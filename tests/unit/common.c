/*
 * common.c - tests of the code the kit gives students in common/: P and V
 * (pv.h), the error helpers (error.h) and the number parser (parse.h). Labs
 * build on them, so they must do exactly what their comments promise.
 *
 * Each test gets a fresh private set of two semaphores and runs in its own
 * process (Check's fork mode), so a test that blocks for ever is ended by
 * Check's timeout instead of stopping the others. The set is made and removed
 * by an "unchecked" fixture, which runs in the runner's process: it is
 * removed even when the test fails.
 *
 * Prints one line per test (print_results.h) for the self-test to count,
 * and exits non-zero if any failed.
 */
#include <check.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* check.h defines an old macro fail(), which would replace error.h's function. */
#undef fail
#include "error.h"
#include "parse.h"
#include "print_results.h"
#include "pv.h"

union semun {
    int val;
    struct semid_ds *buf;
    unsigned short *array;
};

static int semid = -1; /* the fixture's set of two semaphores */

static void make_set(void)
{
    semid = semget(IPC_PRIVATE, 2, IPC_CREAT | 0600);
    ck_assert_msg(semid != -1, "semget: %s", strerror(errno));
}

static void remove_set(void)
{
    if (semid != -1)
        semctl(semid, 0, IPC_RMID);
    semid = -1;
}

static void set_value(unsigned short num, int value)
{
    union semun arg = {.val = value};

    ck_assert_msg(semctl(semid, num, SETVAL, arg) != -1, "semctl(SETVAL): %s", strerror(errno));
}

static int value_of(unsigned short num)
{
    int value = semctl(semid, num, GETVAL);

    ck_assert_msg(value != -1, "semctl(GETVAL): %s", strerror(errno));
    return value;
}

/* Wait (at most about 5 s) until `count` processes wait in P on semaphore `num`. */
static void wait_for_waiters(unsigned short num, int count)
{
    struct timespec pause = {.tv_sec = 0, .tv_nsec = 1000000}; /* 1 ms */
    int seen = -1, tries;

    for (tries = 0; tries < 5000; tries++) {
        seen = semctl(semid, num, GETNCNT);
        if (seen == count)
            return;
        nanosleep(&pause, NULL);
    }
    ck_abort_msg("expected %d process(es) waiting on semaphore %u, saw %d", count, num, seen);
}

/* Wait for `pid` and return its exit status, or fail the test if it did not exit. */
static int exit_status(pid_t pid)
{
    int status;

    ck_assert_msg(waitpid(pid, &status, 0) == pid, "waitpid: %s", strerror(errno));
    ck_assert_msg(WIFEXITED(status), "the child did not exit normally (status %#x)", status);
    return WEXITSTATUS(status);
}

START_TEST(p_takes_one_unit)
{
    set_value(0, 2);
    set_value(1, 5);
    ck_assert_msg(P(semid, 0, 0) == 0, "P returned -1: %s", strerror(errno));
    ck_assert_msg(value_of(0) == 1, "semaphore 0: expected 1 after P on 2, saw %d", value_of(0));
    ck_assert_msg(value_of(1) == 5, "semaphore 1: expected 5 (untouched), saw %d", value_of(1));
}
END_TEST

START_TEST(v_gives_one_unit)
{
    set_value(1, 0);
    ck_assert_msg(V(semid, 1, 0) == 0, "V returned -1: %s", strerror(errno));
    ck_assert_msg(value_of(1) == 1, "semaphore 1: expected 1 after V on 0, saw %d", value_of(1));
    ck_assert_msg(value_of(0) == 0, "semaphore 0: expected 0 (untouched), saw %d", value_of(0));
}
END_TEST

/*
 * Set semaphore 0 to 0 and fork a child that calls P on it; return once the
 * child is blocked there. The child exits 0 if P returned 0, 2 if it
 * returned -1 with EIDRM, 1 otherwise.
 */
static pid_t child_blocked_in_p(void)
{
    pid_t pid;

    set_value(0, 0);
    pid = fork();
    ck_assert_msg(pid != -1, "fork: %s", strerror(errno));
    if (pid == 0) {
        if (P(semid, 0, 0) == 0)
            _exit(0);
        _exit(errno == EIDRM ? 2 : 1);
    }
    wait_for_waiters(0, 1);
    return pid;
}

START_TEST(p_waits_for_v)
{
    pid_t pid = child_blocked_in_p();

    ck_assert_msg(V(semid, 0, 0) == 0, "V returned -1: %s", strerror(errno));
    ck_assert_msg(exit_status(pid) == 0, "P returned -1 in the child after V");
    ck_assert_msg(value_of(0) == 0, "expected 0 (V's unit taken by P), saw %d", value_of(0));
}
END_TEST

static int signal_pipe[2];

static void on_usr1(int sig)
{
    (void)sig;
    (void)write(signal_pipe[1], "!", 1); /* write(2) is async-signal-safe */
}

START_TEST(p_waits_again_after_a_signal)
{
    struct sigaction sa;
    pid_t pid;
    char byte;

    set_value(0, 0);
    ck_assert_msg(pipe(signal_pipe) == 0, "pipe: %s", strerror(errno));
    pid = fork();
    ck_assert_msg(pid != -1, "fork: %s", strerror(errno));
    if (pid == 0) {
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_usr1; /* no SA_RESTART: semop fails with EINTR */
        sigemptyset(&sa.sa_mask);
        if (sigaction(SIGUSR1, &sa, NULL) == -1)
            _exit(3);
        if (write(signal_pipe[1], "r", 1) != 1) /* ready: the handler is in place */
            _exit(3);
        if (P(semid, 0, 0) == -1)
            _exit(errno == EINTR ? 2 : 1);
        _exit(0);
    }
    ck_assert_msg(read(signal_pipe[0], &byte, 1) == 1, "the child did not start");
    wait_for_waiters(0, 1);
    ck_assert_msg(kill(pid, SIGUSR1) == 0, "kill: %s", strerror(errno));
    ck_assert_msg(read(signal_pipe[0], &byte, 1) == 1, "the child's handler did not run");
    ck_assert_msg(V(semid, 0, 0) == 0, "V returned -1: %s", strerror(errno));
    switch (exit_status(pid)) {
    case 0:
        break;
    case 2:
        ck_abort_msg("P returned -1 with EINTR after a signal; expected it to wait again");
        break;
    default:
        ck_abort_msg("the child failed before or in P");
    }
}
END_TEST

/* A child takes a unit of semaphore 0 with `flags` and exits: what is left? */
static int value_after_child_takes(short flags)
{
    pid_t pid;

    set_value(0, 1);
    pid = fork();
    ck_assert_msg(pid != -1, "fork: %s", strerror(errno));
    if (pid == 0)
        _exit(P(semid, 0, flags) == 0 ? 0 : 1);
    ck_assert_msg(exit_status(pid) == 0, "P returned -1 in the child");
    return value_of(0);
}

START_TEST(sem_undo_gives_back_at_exit)
{
    int value = value_after_child_takes(SEM_UNDO);

    ck_assert_msg(value == 1, "P with SEM_UNDO, then exit: expected 1 (undone), saw %d", value);
}
END_TEST

START_TEST(no_flag_keeps_the_change)
{
    int value = value_after_child_takes(0);

    ck_assert_msg(value == 0, "P without SEM_UNDO, then exit: expected 0 (kept), saw %d", value);
}
END_TEST

START_TEST(removed_while_waiting_is_eidrm)
{
    pid_t pid = child_blocked_in_p();

    remove_set();
    ck_assert_msg(exit_status(pid) == 2, "expected P to return -1 with errno EIDRM");
}
END_TEST

START_TEST(no_such_set_is_an_error)
{
    int gone = semid;

    remove_set();
    errno = 0;
    ck_assert_msg(P(gone, 0, 0) == -1, "P on a removed set: expected -1");
    ck_assert_msg(errno == EINVAL || errno == EIDRM, "expected EINVAL or EIDRM, saw %s",
                  strerror(errno));
    ck_assert_msg(V(gone, 0, 0) == -1, "V on a removed set: expected -1");
}
END_TEST

/* Run `helper` in a child with stderr on a pipe: it must print `want` there
 * and exit with EXIT_FAILURE. */
static void expect_failure_message(void (*helper)(void), const char *want)
{
    char text[256];
    int fd[2], status;
    ssize_t n;
    size_t used = 0;
    pid_t pid;

    ck_assert_msg(pipe(fd) == 0, "pipe: %s", strerror(errno));
    pid = fork();
    ck_assert_msg(pid != -1, "fork: %s", strerror(errno));
    if (pid == 0) {
        dup2(fd[1], STDERR_FILENO);
        close(fd[0]);
        helper();
        _exit(99); /* not reached if the helper exits, as it must */
    }
    close(fd[1]);
    while (used < sizeof text - 1 && (n = read(fd[0], text + used, sizeof text - 1 - used)) > 0)
        used += (size_t)n;
    text[used] = '\0';
    close(fd[0]);
    status = exit_status(pid);
    ck_assert_msg(strcmp(text, want) == 0, "expected \"%s\" on stderr, saw \"%s\"", want, text);
    ck_assert_msg(status == EXIT_FAILURE, "expected exit status %d, saw %d", EXIT_FAILURE, status);
}

static void call_die(void)
{
    errno = EACCES;
    die("shmget");
}

static void call_die_child(void)
{
    errno = ENOENT;
    die_child("ftok");
}

static void call_fail(void)
{
    fail("bad count: %d", 42);
}

START_TEST(die_says_the_call_and_errno)
{
    char want[128];

    snprintf(want, sizeof want, "shmget: %s\n", strerror(EACCES));
    expect_failure_message(call_die, want);
}
END_TEST

START_TEST(die_child_says_the_call_and_errno)
{
    char want[128];

    snprintf(want, sizeof want, "ftok: %s\n", strerror(ENOENT));
    expect_failure_message(call_die_child, want);
}
END_TEST

START_TEST(fail_formats_its_message)
{
    expect_failure_message(call_fail, "bad count: 42\n");
}
END_TEST

START_TEST(parse_long_reads_numbers_in_range)
{
    ck_assert_int_eq(parse_long("1", 1, 32, "writers", "-w WRITERS"), 1);
    ck_assert_int_eq(parse_long("32", 1, 32, "writers", "-w WRITERS"), 32);
    ck_assert_int_eq(parse_long("0", 0, 10, "ring", "-n ITEMS"), 0);
    ck_assert_int_eq(parse_long("-7", -10, 10, "prog", "N"), -7);
    ck_assert_int_eq(parse_long("+7", -10, 10, "prog", "N"), 7);
    ck_assert_int_eq(parse_long("007", 0, 10, "prog", "N"), 7); /* decimal, not octal */
    ck_assert(parse_long("9223372036854775807", 0, LONG_MAX, "prog", "N") == LONG_MAX);
    ck_assert(parse_long("-9223372036854775808", LONG_MIN, 0, "prog", "N") == LONG_MIN);
}
END_TEST

/* What parse_long must refuse: text, and the range it is given. */
static const struct {
    const char *text;
    long min, max;
} bad_numbers[] = {
    {"abc", 1, 32},                   /* no digit */
    {"", 1, 32},                      /* nothing at all */
    {"-", 1, 32},                     /* a sign, no digit */
    {"12x", 1, 32},                   /* trailing garbage */
    {"12 ", 1, 32},                   /* even a blank */
    {"1.5", 1, 32},                   /* not an integer */
    {"0x10", 0, 100},                 /* decimal only */
    {"99999999999999999999", 1, 32},  /* too big for a long: ERANGE */
    {"-99999999999999999999", -5, 5}, /* too small for a long: ERANGE */
    {"0", 1, 32},                     /* below min */
    {"33", 1, 32},                    /* above max */
    {"-1", 0, 10},                    /* below min, negative */
};
static int bad_index;

static void call_parse_long_bad(void)
{
    parse_long(bad_numbers[bad_index].text, bad_numbers[bad_index].min, bad_numbers[bad_index].max,
               "./writers", "-w WRITERS");
}

START_TEST(parse_long_refuses_with_a_message)
{
    char want[256];

    bad_index = _i;
    snprintf(want, sizeof want,
             "./writers: -w WRITERS must be an integer from %ld to %ld, not '%s'\n",
             bad_numbers[_i].min, bad_numbers[_i].max, bad_numbers[_i].text);
    expect_failure_message(call_parse_long_bad, want);
}
END_TEST

static Suite *pv_suite(void)
{
    Suite *s = suite_create("pv");
    const TTest *tests[] = {p_takes_one_unit,
                            v_gives_one_unit,
                            p_waits_for_v,
                            p_waits_again_after_a_signal,
                            sem_undo_gives_back_at_exit,
                            no_flag_keeps_the_change,
                            removed_while_waiting_is_eidrm,
                            no_such_set_is_an_error};
    size_t i;

    for (i = 0; i < sizeof tests / sizeof tests[0]; i++) {
        TCase *tc = tcase_create(tests[i]->name);

        tcase_add_unchecked_fixture(tc, make_set, remove_set);
        tcase_set_timeout(tc, 10);
        tcase_add_test(tc, tests[i]);
        suite_add_tcase(s, tc);
    }
    return s;
}

static Suite *error_suite(void)
{
    Suite *s = suite_create("error");
    const TTest *tests[] = {die_says_the_call_and_errno, die_child_says_the_call_and_errno,
                            fail_formats_its_message};
    size_t i;

    for (i = 0; i < sizeof tests / sizeof tests[0]; i++) {
        TCase *tc = tcase_create(tests[i]->name);

        tcase_add_test(tc, tests[i]);
        suite_add_tcase(s, tc);
    }
    return s;
}

static Suite *parse_suite(void)
{
    Suite *s = suite_create("parse");
    TCase *tc = tcase_create("parse_long_reads_numbers_in_range");

    tcase_add_test(tc, parse_long_reads_numbers_in_range);
    suite_add_tcase(s, tc);
    tc = tcase_create("parse_long_refuses_with_a_message");
    tcase_add_loop_test(tc, parse_long_refuses_with_a_message, 0,
                        (int)(sizeof bad_numbers / sizeof bad_numbers[0]));
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(pv_suite());
    int failed;

    srunner_add_suite(sr, error_suite());
    srunner_add_suite(sr, parse_suite());
    srunner_run_all(sr, CK_SILENT);
    failed = print_results(sr, 24);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

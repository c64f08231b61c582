/*
 * failures.c - the test of a call made to fail (failures_reported): each
 * call the race depends on, and each removal of the clean-up after SIGINT.
 * The grader's preload makes the parent's call fail (the cars run
 * unharmed); the program must say why, stop, and leave nothing behind.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "../../po/i18n.h"
#include "suite.h"
#include "lab05.h"

/* What the grader makes fail, and the text of its errno as perror() prints it (LC_ALL=C). */
struct fault {
    const char *fail, *text, *what;
    int set_may_stay; /* the call that failed may be the set's own removal (a first V set it) */
    int optional;     /* a call the program may never make (semop: snapshots_locked's business) */
};

/*
 * A call fails (the preload makes it fail): the program must stop, by itself,
 * with a non-zero status and a message that says why (the errno's text, as
 * die() and abort_race() print it), leaving no object, car or zombie behind.
 */
static void check_fault(const struct fault *f, const char *const *args)
{
    struct sb_spec spec = {0};
    struct sb_result res;
    char how[1024], what[1024], fail[64];
    int left;

    snprintf(fail, sizeof fail, "parent:%s", f->fail); /* the cars run unharmed */
    spec.program = PROGRAM;
    spec.args = args;
    spec.fail = fail;
    spec.timeout = 3;
    remove_leftovers();
    sb_run(&spec, &res);
    if (f->optional && strstr(res.trace, "failure injected") == NULL) {
        sb_result_free(&res); /* a parent that never takes the semaphore: snapshots_locked */
        return;
    }
    ck_assert_msg(strstr(res.trace, "failure injected") != NULL,
                  _("the grader made %s fail, but the program never made that call: expected a "
                    "race that creates its objects and its cars, and takes the semaphore; it %s"),
                  f->fail, sb_describe(&res, how, sizeof how));
    ck_assert_msg(!res.timed_out && !res.signaled,
                  _("when %s (the grader made %s fail), expected the program to stop with a "
                    "message; it %s"),
                  f->what, f->fail, sb_describe(&res, how, sizeof how));
    ck_assert_msg(res.exited && res.exit_status != 0,
                  _("when %s (the grader made %s fail), expected a non-zero exit status; it %s"),
                  f->what, f->fail, sb_describe(&res, how, sizeof how));
    ck_assert_msg(strstr(res.err, f->text) != NULL,
                  _("when %s (the grader made %s fail), expected a message on standard error "
                    "that says why (\"%s\", as die() or abort_race() print it); it %s"),
                  f->what, f->fail, f->text, sb_describe(&res, how, sizeof how));
    /* shmat's (void *) -1 kept as the records' address: the clean-up then
     * detaches it. */
    ck_assert_msg(strstr(res.trace, "shmdt(0xffffffffffffffff)") == NULL,
                  _("when %s (the grader made %s fail), the program called shmdt((void *) -1): "
                    "it kept shmat's failed result as if it were the records' address; compare "
                    "the result with (void *) -1 before you keep it"),
                  f->what, f->fail);
    left = ipc_leftovers(NULL, 0, what, sizeof what);
    if (f->set_may_stay && left > 0)
        left -= count_mine(SETS, NULL);
    ck_assert_msg(left <= 0,
                  _("when %s (the grader made %s fail), expected the program to remove what it "
                    "had created before stopping; %d objects were left: %s"),
                  f->what, f->fail, left, what);
    ck_assert_msg(res.orphans == 0 && res.zombies == 0,
                  _("when %s (the grader made %s fail), expected the program to stop the cars "
                    "already started and wait for them; when it ended, %d were still running "
                    "and %d were zombies"),
                  f->what, f->fail, res.orphans, res.zombies);
    sb_result_free(&res);
}

/*
 * The clean-up after a stop, one removal made to fail (fail: "shmdt:EINVAL",
 * "shmctl:EINVAL" or "semctl:EINVAL:2"), SIGINT mid-race: the program says so,
 * and still removes the rest (stays: SEGMENTS or SETS, the kind whose removal
 * failed; 0 for none).
 * A program that met the fault before the race ran must report it the same.
 */
static void check_cleanup_failure(const char *fail, int stays)
{
    char setting[64];
    const char *env[] = {setting, NULL};
    struct sb_proc *p;
    struct sb_result res;
    unsigned long most;
    int segments, left;
    char how[1024], what[1024];

    snprintf(setting, sizeof setting, "SHMLAB_FAIL=parent:%s", fail); /* not the cars' */
    remove_leftovers();
    p = start_timed("1000", 8, env);
    if (wait_running(TIMED_CARS, &most, &segments) != -1)
        sb_signal(p, SIGINT);
    sb_wait(p, &res);
    if (!res.exited) { /* killed by SIGINT, or hung: sigint_clean says what went wrong */
        sb_result_free(&res);
        return;
    }
    if (strstr(res.trace, "failure injected") != NULL)
        ck_assert_msg(strstr(res.err, "Invalid argument") != NULL,
                      _("the grader made %s fail (EINVAL): expected a message on standard error "
                        "that says so (perror: \"Invalid argument\"); the program %s"),
                      fail, sb_describe(&res, how, sizeof how));
    left = ipc_leftovers(NULL, 0, what, sizeof what);
    if (stays != 0)
        left -= count_mine(stays, NULL);
    ck_assert_msg(left <= 0,
                  _("the grader made %s fail: expected the program to remove the other objects "
                    "all the same (try all three: detach, remove the segment, remove the set; "
                    "report each failure); %d objects were left: %s"),
                  fail, left, what);
    sb_result_free(&res);
}

START_TEST(failures_reported)
{
    static const char *const args[] = {"--cars", "3",       "--laps", "2", "--seed",
                                       "5",      "--speed", "0",      NULL};
    const struct fault faults[] = {
        {"shmget:ENOSPC", "No space left on device", _("the segment cannot be created"), 0, 0},
        {"shmat:ENOMEM", "Cannot allocate memory", _("the segment cannot be attached"), 0, 0},
        {"semget:ENOSPC", "No space left on device", _("the semaphore set cannot be created"), 0,
         0},
        {"semctl:ENOMEM", "Cannot allocate memory", _("the semaphore cannot be set to 1"), 1, 0},
        {"fork:EAGAIN", "Resource temporarily unavailable", _("a car's process cannot be created"),
         0, 0},
        {"semop:EINVAL", "Invalid argument", _("a P fails"), 0, 1},
        {"semop:EINVAL:2", "Invalid argument", _("a V fails"), 0, 1},
    };
    size_t i;

    for (i = 0; i < sizeof faults / sizeof faults[0]; i++)
        check_fault(&faults[i], args);
    check_cleanup_failure("shmdt:EINVAL", 0);
    check_cleanup_failure("shmctl:EINVAL", SEGMENTS);
    check_cleanup_failure("semctl:EINVAL:2", SETS);
}
END_TEST

const struct graded_test failure_tests[] = {
    {.test = &failures_reported,
     .points = 2,
     .title = "a failed call is reported: a message, a non-zero status, nothing left",
     .hint = "Check every call's result against its failure value (shmat: (void *) -1) and report "
             "it with die() before the race exists, abort_race() after (it stops the cars and "
             "removes the objects), perror() in close_race(), which tries all three removals "
             "anyway. Notes, sections 3 and 7."},
    END_OF_TESTS,
};

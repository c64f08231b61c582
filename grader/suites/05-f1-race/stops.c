/*
 * stops.c - how a race ends: by itself (no_zombie), on SIGINT (sigint_clean),
 * with a car killed while it holds the semaphore (car_killed), or on SIGTERM
 * or SIGHUP sent to the parent alone (stop_signals). Each time the parent
 * must wait for every car and leave nothing behind. Two tables: the report
 * puts the failure test (failures.c) between the first two tests and the
 * last two.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/sem.h>

#include "../../po/i18n.h"
#include "suite.h"
#include "lab05.h"

/* ---- the end of a race: SIGINT, or the last lap -------------------------- */

/*
 * Wait until the parent has taken the semaphore for its live view: a car
 * made the last operation on it, then the parent (GETPID is the pid of the
 * last process to operate, and the parent's is the program's own), or ms
 * milliseconds, whichever comes first. A parent that never takes it gets the
 * whole ms, as it always had.
 */
static void wait_parent_snapshot(const struct sb_proc *p, int ms)
{
    double deadline = now() + ms / 1000.0 * sb_timeout_scale();
    pid_t parent = sb_program_pid(p), last;
    int semid = -1, car_seen = 0;

    while (now() < deadline) {
        if (semid == -1)
            count_mine(SETS, &semid);
        last = semid != -1 ? semctl(semid, 0, GETPID) : -1;
        if (last > 0 && last != parent)
            car_seen = 1;
        else if (last > 0 && car_seen && last == parent)
            return;
        nap_us(200); /* the parent is the last for about a millisecond: look often */
    }
}

START_TEST(sigint_clean)
{
    struct sb_proc *p = start_timed("1000", 8, NULL); /* about 30 s of racing: SIGINT comes first */
    struct sb_result res;
    int left;
    char how[1024], what[1024];

    assert_running(p);
    wait_parent_snapshot(p, 300); /* mid-race: the parent is in its live loop */
    sb_signal(p, SIGINT);
    sb_wait(p, &res);
    ck_assert_msg(!res.timed_out,
                  _("expected the program to stop soon after SIGINT (Ctrl-C); it %s"),
                  sb_describe(&res, how, sizeof how));
    ck_assert_msg(res.exited || (res.signaled && res.signal == SIGINT),
                  _("expected the program to end by itself after SIGINT; it %s"),
                  sb_describe(&res, how, sizeof how));
    left = ipc_leftovers(NULL, 0, what, sizeof what);
    ck_assert_msg(left == 0,
                  _("expected nothing left after SIGINT; %d objects were never removed: %s (the "
                    "program %s)"),
                  left, what, sb_describe(&res, how, sizeof how));
    ck_assert_msg(res.orphans == 0 && res.zombies == 0, "%s",
                  res.orphans ? _("expected the parent to stop and wait for every car after "
                                  "SIGINT; when it ended, cars were still running")
                              : _("expected the parent to stop and wait for every car after "
                                  "SIGINT; when it ended, cars were zombies, never waited for"));
    sb_result_free(&res);
}
END_TEST

START_TEST(no_zombie)
{
    struct race_run run;
    char what[1024];
    int left;

    run_fast(FAST_SEED, "laps.csv", &run);
    assert_race_ran(&run, FAST_CARS);
    ck_assert_msg(run.res.orphans == 0 && run.res.zombies == 0, "%s",
                  run.res.orphans ? _("expected the parent to wait for every car before it ends; "
                                      "when it ended, cars were still running")
                                  : _("expected the parent to wait for every car before it ends; "
                                      "when it ended, cars had ended but were never waited for "
                                      "(zombies)"));
    left = ipc_leftovers(NULL, 0, what, sizeof what);
    ck_assert_msg(left == 0,
                  _("expected nothing left after a race that ended normally; %d objects were "
                    "never removed: %s"),
                  left, what);
    ck_assert_msg(parent_detached(run.res.trace),
                  _("expected the parent to detach the segment (shmdt) before it ends; it never "
                    "did"));
    free_run(&run);
}
END_TEST

/* ---- a car killed -------------------------------------------------------- */

/*
 * Car 2 is killed while it holds the semaphore: SEM_UNDO gives it back, the
 * other cars finish, and the parent reports the car, by its number, on
 * standard error (the live view is on standard output here) and ends with a
 * non-zero status (what it leaves behind is no_zombie's business: the same
 * end).
 */
START_TEST(car_killed)
{
    static const char *const env[] = {KILL_CAR, NULL};
    static const char *const plain[] = {"--cars", "4",       "--laps", "3", "--seed",
                                        "7",      "--speed", "0",      NULL};
    struct sb_spec spec = {0};
    struct sb_result res;
    char how[1024], buf[160];

    spec.program = PROGRAM;
    spec.env = env;
    spec.timeout = 5;
    spec.args = plain;
    sb_run(&spec, &res);
    ck_assert_msg(strstr(res.trace, "raising SIGKILL") != NULL,
                  _("expected the cars to take the semaphore (P) to write their records; car %d "
                    "never did, so the grader could not kill it while it held it"),
                  KILLED_CAR);
    ck_assert_msg(!res.timed_out,
                  _("the grader killed car %d while it held the semaphore: expected the other "
                    "cars to finish and the program to end by itself (SEM_UNDO gives the "
                    "semaphore back; the parent reaps the dead car); it %s"),
                  KILLED_CAR, sb_describe(&res, how, sizeof how));
    ck_assert_msg(res.exited && res.exit_status != 0 && res.err[0] != '\0',
                  _("the grader killed car %d: expected the parent to report it on standard "
                    "error and to end with a non-zero status; it %s%s"),
                  KILLED_CAR, sb_describe(&res, how, sizeof how),
                  res.err[0] == '\0' ? _(", and printed nothing on standard error") : "");
    ck_assert_msg(has_integer(res.err, KILLED_CAR),
                  _("the grader killed car %d: expected the report on standard error to name "
                    "that car by its number (%d, its index + 1); it says %s"),
                  KILLED_CAR, KILLED_CAR, excerpt(res.err, buf, sizeof buf));
    ck_assert_msg(res.orphans == 0 && res.zombies == 0,
                  _("the grader killed car %d: expected the parent to wait for every car, the "
                    "dead one too; when it ended, %d were still running and %d were zombies"),
                  KILLED_CAR, res.orphans, res.zombies);
    sb_result_free(&res);
}
END_TEST

/* ---- SIGTERM and SIGHUP, to the parent alone ----------------------------- */

/* The text of an error no call of a clean stop meets, if stderr holds one; NULL if none. */
static const char *bogus_report(const char *err)
{
    static const char *const texts[] = {"Success", "No child processes", "No such process",
                                        "Interrupted system call", "Invalid argument"};
    size_t i;

    for (i = 0; i < sizeof texts / sizeof texts[0]; i++)
        if (strstr(err, texts[i]) != NULL)
            return texts[i];
    return NULL;
}

/*
 * Wait (up to 2 s) until every car has started (the parent and its cars:
 * cars + 1 processes), then one has ended and been waited for (one process
 * fewer, no zombie). Past the deadline the test goes on all the same.
 */
static void wait_one_car_reaped(const struct sb_proc *p)
{
    double deadline = now() + 2 * sb_timeout_scale();
    int all_seen = 0;

    while (now() < deadline) {
        struct sb_process procs[MAX_ROWS];
        int n = sb_processes(p, procs, MAX_ROWS), i, zombies = 0;

        for (i = 0; i < n; i++)
            zombies += procs[i].state == 'Z';
        if (sb_ended(p) || (all_seen && n == TIMED_CARS && zombies == 0))
            return;
        if (n == TIMED_CARS + 1)
            all_seen = 1;
        nap_ms(2);
    }
}

/*
 * Send sig to the program's own process (not its group): it must stop the cars
 * itself. With kill_car, car 1 is killed first (at its third P) and the signal
 * comes once it has been waited for: stop_cars() then meets a car already gone.
 */
static void check_stop_signal(int sig, const char *name, int kill_car)
{
    static const char *const env[] = {"SHMLAB_RAISE=child:semop-lock:3:KILL", NULL};
    struct sb_proc *p = start_timed("1000", 8, kill_car ? env : NULL);
    struct sb_result res;
    char how[1024];

    if (kill_car) /* car 1 may die before the others attach: no wait_running() here */
        wait_one_car_reaped(p);
    else
        assert_running(p);
    if (sb_program_pid(p) > 0) /* never 0: that would be the grader's own group */
        kill(sb_program_pid(p), sig);
    sb_wait(p, &res);
    ck_assert_msg(!res.timed_out,
                  _("expected the program to stop soon after %s, sent to the parent alone; it %s"),
                  name, sb_describe(&res, how, sizeof how));
    ck_assert_msg(res.exited || (res.signaled && (res.signal == sig || res.signal == SIGINT)),
                  _("expected the program to end by itself after %s, sent to the parent alone; "
                    "it %s"),
                  name, sb_describe(&res, how, sizeof how));
    ck_assert_msg(res.orphans == 0 && res.zombies == 0,
                  _("%s was sent to the parent alone: expected it to stop every car (SIGTERM) and "
                    "wait for each; when it ended, %d cars were still running and %d were "
                    "zombies"),
                  name, res.orphans, res.zombies);
    /* A clean stop reports no failed call: nothing failed (a perror() after a call that
     * succeeded shows errno's last value; a car waited for twice, ECHILD). */
    ck_assert_msg(bogus_report(res.err) == NULL,
                  _("after %s%s, the program reported a failure that did not happen (\"%s\": a "
                    "perror() after a call that succeeded, or a waitpid() for a car already waited "
                    "for); it %s"),
                  name, kill_car ? _(" (car 1 had died and been waited for)") : "",
                  bogus_report(res.err), sb_describe(&res, how, sizeof how));
    sb_result_free(&res);
}

START_TEST(stop_signals)
{
    check_stop_signal(SIGTERM, "SIGTERM", 0);
    check_stop_signal(SIGHUP, "SIGHUP", 1);
}
END_TEST

const struct graded_test end_tests[] = {
    {.test = &sigint_clean,
     .points = 3,
     .title = "SIGINT stops the race: cars waited for, segment and semaphore removed",
     .hint = "Catch SIGINT with sigaction(2) (the handler only sets a flag); then send SIGTERM to "
             "the cars, waitpid() for each, shmdt, IPC_RMID the segment and the semaphore set. "
             "Notes, sections 3, 4 and 7."},
    {.test = &no_zombie,
     .points = 2,
     .title = "the parent waits for every car, then detaches and removes the segment and the set",
     .hint = "Collect each car that ends with waitpid(-1, &status, WNOHANG) in the live loop, or "
             "waitpid() for each at the end: a child never waited for stays a zombie. At the end, "
             "close_race() detaches the segment (shmdt) and removes it and the semaphore set "
             "(IPC_RMID): they outlive the program otherwise. Notes, sections 3 and 5."},
    END_OF_TESTS,
};

const struct graded_test stop_tests[] = {
    {.test = &car_killed,
     .points = 2,
     .title = "a car killed while it holds the semaphore: reported, nothing hangs",
     .hint = "SEM_UNDO on P and V gives the semaphore back when a car dies; reap_cars() reports a "
             "car that did not exit with status 0 (WIFEXITED, WEXITSTATUS) and sets r->failed. A "
             "car without a lap time comes after every car with one. Notes, sections 5 and 7."},
    {.test = &stop_signals,
     .points = 2,
     .title = "SIGTERM or SIGHUP sent to the parent alone stops the race cleanly",
     .hint = "Catch SIGINT, SIGTERM and SIGHUP with sigaction(2). A signal may reach the parent "
             "alone (kill PID): stop_cars() then sends SIGTERM to every car still running and "
             "waits for each (again on EINTR). Notes, sections 4 and 5."},
    END_OF_TESTS,
};

/*
 * children.c - ring's children disturbed while items flow: one stopped and
 * continued as Ctrl-Z and fg would (the program must go on), one killed
 * (the program must notice, wake the others and end, leaving nothing).
 */
#include <signal.h>
#include <stdlib.h>

#include "../../po/i18n.h"
#include "suite.h"
#include "lab06.h"

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
        nap_ms(1);
    } while (now() < deadline && !sb_ended(proc));
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
    got = wait_children(proc, 4, kids, now() + RUN_TIMEOUT * sb_timeout_scale());
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
    double deadline = now() + RUN_TIMEOUT * sb_timeout_scale();
    int semid = hold_mutex(proc, deadline), n = 0, waiting = 0, i;
    pid_t kids[8];

    /* Every child, each waiting (on the mutex the grader holds, or on a slot). */
    while (now() < deadline && !sb_ended(proc)) {
        int got = sb_processes(proc, ps, 64);

        for (n = waiting = 0, i = 1; i < got && n < 8; i++) {
            if (ps[i].state == 'Z')
                continue;
            kids[n++] = ps[i].pid;
            waiting += ps[i].in_semop == 1 || ps[i].in_futex == 1;
        }
        if (n >= 2 && waiting == n)
            break;
        nap_ms(1);
    }
    for (i = 0; i < n; i++)
        kill(kids[i], SIGSTOP);
    /* Until each is stopped, then each goes on. */
    while (now() < deadline && !sb_ended(proc)) {
        int got = sb_processes(proc, ps, 64), left = 0, j;

        for (i = 1; i < got; i++)
            for (j = 0; j < n; j++)
                left += ps[i].pid == kids[j] && ps[i].state != 'T' && ps[i].state != 't' &&
                        ps[i].state != 'Z';
        if (left == 0)
            break;
        nap_ms(1);
    }
    for (i = 0; i < n; i++)
        kill(kids[i], SIGCONT);
    nap_ms(20);
    if (semid != -1)
        give_mutex(semid);
    check_ended(proc, &c,
                _("after the grader stopped each child (SIGSTOP) while it waited on a semaphore, "
                  "then let it go on (SIGCONT): "));
}
END_TEST

const struct graded_test child_tests[] = {
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

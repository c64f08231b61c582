/*
 * faults.c - lab 03's tests of failures: a call made to fail by the preload
 * (sb_spec.fail), in the parent or in the writers, and a writer killed once
 * its work is done. Each checks what the handout asks: a message on standard
 * error, a non-zero exit status, no crash, nothing left behind, and no use of
 * the failed call's result.
 */
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>

#include "../../po/i18n.h"
#include "suite.h"
#include "lab03.h"

#define FAULT_WRITERS 4
#define FAULT_UPDATES 50

/* The segments and sets of the program's user that exist now. */
static void count_objects(int *nshm, int *nsem)
{
    struct shm_info_row shm[64];
    struct sem_info_row sem[64];
    int n, i;

    *nshm = *nsem = 0;
    n = ipc_list_shm(shm, 64);
    for (i = 0; i < n; i++)
        *nshm += shm[i].uid == sb_uid();
    n = ipc_list_sem(sem, 64);
    for (i = 0; i < n; i++)
        *nsem += sem[i].uid == sb_uid();
}

/*
 * A normal run first: a program that does nothing, or never ends, gets no
 * points for failures. *shm and *sem (if not NULL) get the number of
 * segments and sets that run left: a leak is the test removed's business,
 * and the runs with a failure may leave as much.
 */
static void check_works(int *shm, int *sem)
{
    int shm0, sem0, shm1, sem1;

    struct sb_result res;
    struct record rec;
    struct watch w;

    char how[1024];

    count_objects(&shm0, &sem0);
    start_watched(&w, FAULT_WRITERS, FAULT_UPDATES, STOP_AT_INIT, 0, 0, NULL);
    assert_stopped(&w, NEEDS_WORK);
    finish(&w, &res, &rec);
    if (res.timed_out || res.signaled)
        fail_watched(&w, _("%s`%s`: the program %s"), NEEDS_WORK, w.command,
                     sb_describe(&res, how, sizeof how));
    sb_result_free(&res);
    count_objects(&shm1, &sem1);
    if (shm != NULL)
        *shm = shm1 - shm0;
    if (sem != NULL)
        *sem = sem1 - sem0;
}

/* Run the program with `fault` injected (and `raise`, SHMLAB_RAISE, if not NULL). */
static void fault_spec(struct sb_spec *spec, const char *fault, const char *raise)
{
    static char wbuf[16], nbuf[16];
    static const char *args[] = {"-w", wbuf, "-n", nbuf, NULL};
    static const char *env[] = {NULL, NULL};

    snprintf(wbuf, sizeof wbuf, "%d", FAULT_WRITERS);
    snprintf(nbuf, sizeof nbuf, "%d", FAULT_UPDATES);
    env[0] = raise;
    memset(spec, 0, sizeof *spec);
    spec->program = PROGRAM;
    spec->args = args;
    spec->env = raise != NULL ? env : NULL;
    spec->fail = fault;
    spec->timeout = RUN_TIMEOUT;
}

static void run_with(const char *fault, const char *raise, struct sb_result *res)
{
    struct sb_spec spec;

    fault_spec(&spec, fault, raise);
    sb_run(&spec, res);
}

static int injected(const struct sb_result *res)
{
    return res->trace != NULL && strstr(res->trace, "failure injected") != NULL;
}

/* A call made on the -1 that a failed shmget or semget returned, or NULL. */
static const char *used_failed_id(const char *trace)
{
    static const char *calls[] = {"shmat(-1,",  "shmctl(-1,", "shmdt(0xffffffffffffffff)",
                                  "semctl(-1,", "semop(-1,",  "semtimedop(-1,",
                                  NULL};
    int i;

    for (i = 0; trace != NULL && calls[i] != NULL; i++)
        if (strstr(trace, calls[i]) != NULL)
            return calls[i];
    return NULL;
}

/* The run stopped with a message and a non-zero status, without a crash. */
static void assert_reported(const char *what, const char *fault, const struct sb_result *res)
{
    char how[1024];

    ck_assert_msg(!res->timed_out && !res->signaled,
                  _("when %s (the grader made %s fail), expected the program to stop with a "
                    "message; it %s"),
                  what, fault, sb_describe(res, how, sizeof how));
    ck_assert_msg(res->exited && res->exit_status != 0,
                  _("when %s (the grader made %s fail), expected a non-zero exit status; it %s"),
                  what, fault, sb_describe(res, how, sizeof how));
    ck_assert_msg(res->err[0] != '\0',
                  _("when %s, expected a message on standard error (perror or die); it printed "
                    "none"),
                  what);
}

/*
 * The program works normally, then stops cleanly when the first of `faults`
 * that the program's calls meet is injected: a message, a non-zero status,
 * nothing left, and the failed call's result never used.
 */
static void check_failure_reported(const char *const *faults, const char *what)
{
    struct sb_result res;
    char left[1024], calls[600];
    const char *fault = NULL, *used;
    int before, after, i;

    check_works(NULL, NULL);
    /* What the normal run left is the test removed's business, not this one's. */
    before = ipc_leftovers(NULL, 0, left, sizeof left);
    for (i = 0; faults[i] != NULL; i++) {
        if (i > 0)
            sb_result_free(&res);
        fault = faults[i];
        run_with(fault, NULL, &res);
        if (injected(&res))
            break;
    }
    assert_reported(what, fault, &res);
    after = ipc_leftovers(NULL, 0, left, sizeof left);
    ck_assert_msg(after <= before,
                  _("when %s (the grader made %s fail), expected the program to remove what it "
                    "had already created before stopping; %d objects were left: %s"),
                  what, fault, after - before, left);
    used = used_failed_id(res.trace);
    ck_assert_msg(used == NULL,
                  _("when %s (the grader made %s fail), expected the program to stop without "
                    "using the failed call's result; it then called %s...)\nIPC calls seen: %s"),
                  what, fault, used, sb_calls(&res, calls, sizeof calls));
    sb_result_free(&res);
}

START_TEST(semget_failure)
{
    static const char *const faults[] = {"semget:ENOSPC", NULL};

    check_failure_reported(faults, _("the semaphore set cannot be created"));
}
END_TEST

START_TEST(shmat_failure)
{
    static const char *const faults[] = {"shmat:ENOMEM", NULL};

    check_failure_reported(faults, _("the segment cannot be attached"));
}
END_TEST

START_TEST(shmget_failure)
{
    static const char *const faults[] = {"shmget:ENOSPC", NULL};

    check_failure_reported(faults, _("the segment cannot be created"));
}
END_TEST

/* The initialisation: a SETVAL (or SETALL), or else a first V, in the parent. */
START_TEST(init_failure)
{
    static const char *const faults[] = {"parent:semctl-init:EINVAL", "parent:semop:EINVAL", NULL};

    check_failure_reported(faults, _("the semaphore cannot be set to 1"));
}
END_TEST

/*
 * At the end: a removal or a detach that fails is reported (message, status
 * EXIT_FAILURE), and the program goes on to remove the rest.
 */
START_TEST(cleanup_failure)
{
    static const struct {
        const char *fault, *what;
        int shm_kept, sem_kept; /* what the failed call leaves, at most */
    } cases[] = {
        {"parent:semctl-IPC_RMID:EINVAL", N_("the semaphore set cannot be removed"), 0, 1},
        {"parent:shmdt:EINVAL", N_("the segment cannot be detached"), 0, 0},
        {"parent:shmctl:EINVAL", N_("the segment cannot be removed"), 1, 0},
    };
    size_t i;
    int leak_shm, leak_sem;

    check_works(&leak_shm, &leak_sem);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *what = _(cases[i].what);
        struct sb_result res;
        char left[1024];
        int shm0, sem0, shm1, sem1;

        count_objects(&shm0, &sem0);
        run_with(cases[i].fault, NULL, &res);
        if (!injected(&res)) { /* the program never makes that call: nothing to check */
            sb_result_free(&res);
            continue;
        }
        assert_reported(what, cases[i].fault, &res);
        count_objects(&shm1, &sem1);
        ipc_leftovers(NULL, 0, left, sizeof left);
        shm1 -= leak_shm; /* what a normal run leaves too: the test removed's business */
        sem1 -= leak_sem;
        ck_assert_msg(shm1 - shm0 <= cases[i].shm_kept && sem1 - sem0 <= cases[i].sem_kept,
                      _("when %s (the grader made %s fail), expected the program to report it "
                        "and go on removing the rest; %d segments and %d semaphore sets were "
                        "left: %s"),
                      what, cases[i].fault, shm1 - shm0, sem1 - sem0, left);
        sb_result_free(&res);
    }
}
END_TEST

/*
 * Each writer's first P fails (EINVAL) while the grader holds the lock: a
 * writer must stop (die_child), not touch the record, and the program fail.
 */
START_TEST(lock_failure)
{
    struct sembuf give = {0, +1, SEM_UNDO};
    struct record seen, got;
    struct sb_result res;
    struct watch w;
    char a[200], b[200], how[1024];
    double deadline;
    int touched = 0;

    start_watched(&w, FAULT_WRITERS, FAULT_UPDATES, STOP_AT_INIT, 1, 1, "child:semop-lock:EINVAL");
    assert_stopped(&w, NEEDS_WORK);
    ck_assert_msg(w.held,
                  _("grader: cannot take the program's semaphore while its parent is stopped"));
    seen = *w.rec;
    resume(&w);
    deadline = now() + 1.0 * sb_timeout_scale();
    while (now() < deadline && !sb_ended(w.proc) && !touched) {
        touched = !same_record(&seen, w.rec);
        nap_ms(1);
    }
    got = *w.rec;
    touched = !same_record(&seen, &got);
    semop(w.semid, &give, 1); /* fails if the set is gone: the program ended */
    finish(&w, &res, &got);
    ck_assert_msg(!touched,
                  _("`%s`: the grader made each writer's first P fail (semop: EINVAL) while it "
                    "held the lock; the record went from %s to %s: a writer whose P failed "
                    "updated it without the lock (stop it with die_child)"),
                  w.command, describe_record(&seen, a, sizeof a),
                  describe_record(&got, b, sizeof b));
    ck_assert_msg(!res.timed_out && !res.signaled && res.exited && res.exit_status != 0,
                  _("`%s`: the grader made each writer's first P fail (semop: EINVAL); expected "
                    "the writers to stop with a message (die_child), and the program to exit "
                    "with a non-zero status; it %s"),
                  w.command, sb_describe(&res, how, sizeof how));
    ck_assert_msg(res.err[0] != '\0',
                  _("when a writer's P fails, expected a message on standard error (perror or "
                    "die_child); it printed none"));
    sb_result_free(&res);
}
END_TEST

/* Does the program's output name SIGKILL (its number, its name or strsignal's text)? */
static int names_sigkill(const struct sb_result *res)
{
    const char *texts[] = {res->err, res->out};
    int i;

    for (i = 0; i < 2; i++)
        if (texts[i] != NULL &&
            (has_integer(texts[i], 9) || strstr(texts[i], "KILL") != NULL ||
             strstr(texts[i], "Kill") != NULL || strstr(texts[i], "kill") != NULL))
            return 1;
    return 0;
}

/*
 * The parent's first wait (or waitpid) fails. One writer, which the preload's
 * gate lets end before fork() returns in the parent: its updates are done and
 * the record is exact when the wait fails, so only the report of the failure
 * (a message, a non-zero status) tells a program that checks wait from one
 * that does not. Nothing may be left behind either.
 */
START_TEST(wait_failure)
{
    static const char *args[] = {"-w", "1", "-n", "50", NULL};
    const char *fault = "parent:wait:EINVAL", *what = _("waiting for a writer fails");
    struct sb_spec spec = {0};
    struct sb_result res;
    char left[1024];
    int before, after, leak_shm, leak_sem;

    check_works(&leak_shm, &leak_sem);
    /* What a normal run leaves is the test removed's business: allowed here too. */
    before = ipc_leftovers(NULL, 0, left, sizeof left) + leak_shm + leak_sem;
    spec.program = PROGRAM;
    spec.args = args;
    spec.gate = "parent";
    spec.fail = fault;
    spec.timeout = RUN_TIMEOUT;
    sb_run(&spec, &res);
    if (injected(&res)) {
        assert_reported(what, fault, &res);
        after = ipc_leftovers(NULL, 0, left, sizeof left);
        ck_assert_msg(after <= before,
                      _("when %s (the grader made %s fail), expected the program to remove what "
                        "it had already created before stopping; %d objects were left: %s"),
                      what, fault, after - before, left);
    }
    sb_result_free(&res);
}
END_TEST

/*
 * The number on the given line "writers that saw an inconsistent record: N",
 * in *n; 0 if the program does not print that line (its wording is free).
 */
static int inconsistent_count(const char *out, long *n)
{
    const char *at = strstr(out, "inconsistent record");

    if (at == NULL)
        return 0;
    at += strcspn(at, "0123456789\n");
    if (!isdigit((unsigned char)*at))
        return 0;
    *n = strtol(at, NULL, 10);
    return 1;
}

/*
 * A writer that did all its updates, then was killed (SIGKILL after its last
 * V) or failed (its shmdt fails): the record is exact, but the program must
 * fail, and say which writer was killed by which signal.
 */
START_TEST(writer_reported)
{
    char raise[64], how[1024];
    struct sb_result res;

    check_works(NULL, NULL);
    snprintf(raise, sizeof raise, "SHMLAB_RAISE=child:semop:%d:KILL", 2 * FAULT_UPDATES);
    run_with(NULL, raise, &res);
    if (strstr(res.trace, "raising SIGKILL") != NULL) {
        ck_assert_msg(!res.timed_out && res.exited && res.exit_status != 0,
                      _("`writers -w %d -n %d`: the grader killed the first writer (SIGKILL) "
                        "right after its last V, its updates done; expected the parent to see "
                        "it (WIFSIGNALED) and exit with a non-zero status; the program %s"),
                      FAULT_WRITERS, FAULT_UPDATES, sb_describe(&res, how, sizeof how));
        ck_assert_msg(names_sigkill(&res),
                      _("`writers -w %d -n %d`: the grader killed the first writer (SIGKILL); "
                        "expected the parent to say so on standard error, with the signal "
                        "(WTERMSIG, strsignal); its output did not name it"),
                      FAULT_WRITERS, FAULT_UPDATES);
    }
    sb_result_free(&res);

    run_with("child:shmdt:EINVAL", NULL, &res);
    if (injected(&res)) {
        long counted;

        ck_assert_msg(!res.timed_out && !res.signaled && res.exited && res.exit_status != 0,
                      _("`writers -w %d -n %d`: the grader made each writer's shmdt fail, its "
                        "updates done; a writer that fails ends with a status other than "
                        "WRITER_OK, and expected the parent to exit with a non-zero status "
                        "then; the program %s"),
                      FAULT_WRITERS, FAULT_UPDATES, sb_describe(&res, how, sizeof how));
        if (inconsistent_count(res.out, &counted))
            ck_assert_msg(counted == 0,
                          _("`writers -w %d -n %d`: the grader made each writer's shmdt fail, "
                            "after updates that all found the record consistent; expected 0 "
                            "writers that saw an inconsistent record, the program counted %ld: "
                            "count only those that ended with WRITER_INCONSISTENT, not every "
                            "failed writer"),
                          FAULT_WRITERS, FAULT_UPDATES, counted);
    }
    sb_result_free(&res);
}
END_TEST

/*
 * With the last writer stopped: -1 if the parent has ended, 1 if it waits
 * for a child (wait, waitpid) and nothing else of the program is left but
 * that writer, 0 otherwise (the other writers still run, or end).
 */
static int parent_state(const struct sb_proc *proc, pid_t parent, pid_t writer)
{
    struct sb_process ps[MAX_PROCESSES];
    int n = sb_processes(proc, ps, MAX_PROCESSES), i, waiting = -1, others = 0;

    for (i = 0; i < n; i++)
        if (ps[i].pid == parent && ps[i].state != 'Z')
            waiting = ps[i].in_wait;
        else if (ps[i].pid != writer)
            others++;
    return waiting == -1 ? -1 : waiting && others == 0;
}

/*
 * The last writer stops (SIGSTOP, as Ctrl-Z does) right after its first V,
 * the lock given back: the other writers finish, and the parent must go on
 * waiting for it. The grader continues it once the parent has waited 50 ms
 * with only that writer left (half a second at most); a parent that waits
 * for one writer fewer than it started has ended by then, and left it
 * behind.
 */
START_TEST(all_writers_waited)
{
    char raise[64], how[1024];
    struct sb_spec spec;
    struct sb_result res;
    struct sb_proc *proc;
    pid_t writer = 0, parent = 0;
    double deadline, since = 0;
    int left = 0, st;

    check_works(NULL, NULL);
    snprintf(raise, sizeof raise, "SHMLAB_RAISE=child%d:semop:2:STOP", FAULT_WRITERS);
    fault_spec(&spec, NULL, raise);
    proc = sb_start(&spec);
    ck_assert_msg(proc != NULL, _("grader: cannot start the program"));
    deadline = now() + 2.0 * sb_timeout_scale();
    while (now() < deadline && !sb_ended(proc) && (writer = stopped_process(proc)) == 0)
        nap_ms(1);
    if (writer != 0) {
        parent = sb_program_pid(proc);
        deadline = now() + 0.5 * sb_timeout_scale();
        while (now() < deadline && (st = parent_state(proc, parent, writer)) != -1) {
            if (st == 0)
                since = 0;
            else if (since == 0)
                since = now();
            else if (now() - since > 0.05)
                break; /* it waits for the stopped writer */
            nap_ms(2);
        }
        left = parent_state(proc, parent, writer) == -1;
        kill(writer, SIGCONT);
    }
    sb_wait(proc, &res);
    ck_assert_msg(!left,
                  _("`writers -w %d -n %d`: the grader stopped the last writer (SIGSTOP) right "
                    "after its first V, and continued it once the others had ended; the parent "
                    "had ended meanwhile, without it: expected the parent to wait for every "
                    "writer it started (one wait per fork). The program %s"),
                  FAULT_WRITERS, FAULT_UPDATES, sb_describe(&res, how, sizeof how));
    sb_result_free(&res);
}
END_TEST

const struct graded_test fault_tests[] = {
    {.test = &semget_failure,
     .points = 1,
     .title = "a failed semget is reported, and the segment already created is removed",
     .hint = "Compare semget's result with -1; on failure detach and remove the segment you "
             "already created, then print the reason (perror or die) and exit with a non-zero "
             "status. Notes, section 7."},
    {.test = &shmat_failure,
     .points = 1,
     .title = "a failed shmat is reported, not used",
     .hint = "shmat returns (void *) -1 on failure, not NULL: `if (acct == (void *) -1)`; then "
             "remove the segment and stop with a message. Notes, section 3 (the errata box)."},
    {.test = &shmget_failure,
     .points = 1,
     .title = "a failed shmget is reported, and its result is not used",
     .hint = "Compare shmget's result with -1 right after the call, before shmat: on failure, "
             "remove what already exists, print the reason (die) and exit with a non-zero "
             "status. Notes, section 3."},
    {.test = &init_failure,
     .points = 1,
     .title = "a failed initialisation of the semaphore is reported, and nothing is left",
     .hint = "Compare semctl(SETVAL)'s result with -1: on failure remove the set, detach and "
             "remove the segment, then stop with a message (die). A semaphore never set is a "
             "lock taken for ever. Notes, section 7."},
    {.test = &lock_failure,
     .points = 1,
     .title = "a writer whose P fails stops, without touching the record",
     .hint = "If lock_account() fails (for another reason than EINTR), the writer does not "
             "hold the lock: stop it with die_child(\"semop (P)\") before it touches the record. "
             "The parent then sees a writer that did not end with WRITER_OK and fails. Notes, "
             "section 7."},
    {.test = &cleanup_failure,
     .points = 1,
     .title = "a failed removal or detach at the end is reported, and the rest is removed",
     .hint = "At the end, check semctl(IPC_RMID), shmdt and shmctl(IPC_RMID) each: on failure, "
             "perror and status = EXIT_FAILURE, then go on to remove the rest. Step 7 of the "
             "handout."},
    {.test = &wait_failure,
     .points = 1,
     .title = "a failed wait is reported, and the set and the segment are removed",
     .hint = "Compare the result of wait (or waitpid) with -1: on failure, perror and status = "
             "EXIT_FAILURE, then go on to remove the set and the segment. Step 6 of the "
             "handout."},
    {.test = &writer_reported,
     .points = 1,
     .title = "a writer killed or failed after its updates makes the program fail",
     .hint = "Look at each writer's status: a writer killed by a signal (WIFSIGNALED: say so, "
             "with WTERMSIG and strsignal) or ended with another status than WRITER_OK makes "
             "the program fail, even if the record is exact; only WRITER_INCONSISTENT counts "
             "as an inconsistency. Step 6 of the handout."},
    {.test = &all_writers_waited,
     .points = 1,
     .title = "the parent waits for every writer it started, even a stopped one",
     .hint = "Call wait (or waitpid) once for each writer started: for (w = 0; w < started; "
             "w++). A writer may end last, long after the others (here the grader stopped it "
             "after its first V); the parent must not read the record, remove the objects or "
             "end before it. Step 6 of the handout."},
    END_OF_TESTS,
};

/*
 * failures.c - failure injection: the grader makes one call of ring fail
 * (creating or attaching the segment, creating or setting the semaphores,
 * the second fork) and expects a message, a non-zero status, no child left
 * running and nothing left behind.
 */
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../po/i18n.h"
#include "suite.h"
#include "lab06.h"

/* A fault the grader injects: the call ("call:ERRNO", or "call:ERRNO:N" for
 * the N-th call), and its errno. */
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
char *normal_trace(int *before)
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
                                         {"mmap:ENOMEM", "mmap", "ENOMEM", ENOMEM}},
                              shmdt_f = {"parent:shmdt:EINVAL", "shmdt", "EINVAL", EINVAL};
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
    /* The parent's own detach at the end (not its children's): reported, and
     * the set and the segment removed all the same. It may leave what a
     * normal run leaves (before): the test removed counts that once. */
    if (f == sysv) {
        char left[1024];
        int already = ipc_leftovers(NULL, 0, left, sizeof left);

        check_failure(&small_run, &shmdt_f, _("the parent cannot detach the segment at the end"),
                      already + before);
    }
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
    static const struct fault first = {"fork:EAGAIN", "fork", "EAGAIN", EAGAIN},
                              second = {"fork:EAGAIN:2", "fork", "EAGAIN", EAGAIN};
    int before;

    free(normal_trace(&before));
    check_failure(&c, &first, _("no child can be created (the first fork fails)"), before);
    check_failure(&c, &second, _("a fork fails after a first child has started"), before);
}
END_TEST

const struct graded_test failure_tests[] = {
    {.test = &segment_failure,
     .points = 1,
     .title = "a failed shmget, shmat or final shmdt is reported, and nothing is left",
     .hint = "Compare shmget's result with -1 and shmat's with (void *) -1 (not NULL); when shmat "
             "fails, remove the segment before stopping; print the reason (perror or die) and exit "
             "with a non-zero status, before any other use of the result. A failed shmdt at the "
             "end: perror, remove the set and the segment all the same, exit non-zero. Notes, "
             "sections 3 and 4."},
    {.test = &creation_failure,
     .points = 1,
     .title = "a failed semget or SETALL is reported, and what was created is removed",
     .hint = "Compare semget's and semctl's results with -1; on failure remove what you already "
             "created (the segment, the set), then print the reason (perror or die) and exit with "
             "a non-zero status. Notes, section 7."},
    {.test = &fork_failure,
     .points = 1,
     .title = "a failed fork (the first or a later one) is reported, the children already "
              "started end, nothing is left",
     .hint = "If fork returns -1: print the reason (perror), remove the semaphore set (the "
             "children already started wake up with EIDRM and end), stop forking, wait for "
             "those children, remove the segment, and exit with a non-zero status. Notes, "
             "sections 2 and 7."},
    END_OF_TESTS,
};

/*
 * harness.c - running lab 02's programs, and what the tests assert about a
 * run: it worked (the message printed), or it failed as it should (a
 * message, a non-zero status, nothing created, no failed value used).
 */
#include <stdio.h>
#include <string.h>

#include "../../po/i18n.h"
#include "suite.h"
#include "lab02.h"

/* ---- running the programs ------------------------------------------------ */

/* One run of program, whose result the caller frees (sb_result_free). */
void run(const char *program, const char *arg, const char *input, const char *fail,
         struct sb_result *res)
{
    const char *args[] = {arg, NULL};
    struct sb_spec spec = {0};

    spec.program = program;
    spec.args = arg != NULL ? args : NULL;
    spec.input = input;
    spec.fail = fail;
    sb_run(&spec, res);
}

/* The producer, given `message` and a newline on standard input. */
void run_producer(const char *message, const char *fail, struct sb_result *res)
{
    char input[1024];

    snprintf(input, sizeof input, "%s\n", message);
    run(PRODUCER, NULL, input, fail, res);
}

/*
 * A message of exactly n characters that no program can guess, with spaces
 * in it: a message is a line, not a word (scanf("%s") stops at a space).
 */
void make_message(char *buf, size_t n)
{
    size_t i;

    snprintf(buf, n + 1, "msg%ld ", fresh_value());
    for (i = strlen(buf); i < n; i++)
        buf[i] = i % 8 == 7 ? ' ' : (char)('a' + i % 26);
    buf[n] = '\0';
}

/* ---- the checks on a run ------------------------------------------------- */

/* Fail unless the program ended normally with status 0. */
void assert_success(const struct sb_result *res, const char *who, const char *what)
{
    char how[1024], calls[600];

    ck_assert_msg(res->exited && res->exit_status == 0,
                  _("expected the %s to exit with status 0 %s; it %s\nIPC calls seen: %s"), who,
                  what, sb_describe(res, how, sizeof how), sb_calls(res, calls, sizeof calls));
}

/* Fail unless the consumer printed message (and exited 0). */
void assert_consumer_printed(const struct sb_result *res, const char *message, const char *context)
{
    char seen[160], how[1024], calls[600];

    ck_assert_msg(strstr(res->out, message) != NULL,
                  _("expected the consumer to print the message \"%s\"%s; it printed %s\nThe "
                    "consumer %s\nIPC calls seen: %s"),
                  message, context, excerpt(res->out, seen, sizeof seen),
                  sb_describe(res, how, sizeof how), sb_calls(res, calls, sizeof calls));
    assert_success(res, "consumer", _("after printing the message"));
}

/* Fail unless a failure was reported: a message on stderr, a non-zero status, no crash. */
void assert_reported(const struct sb_result *res, const char *who, const char *situation)
{
    char how[1024];

    ck_assert_msg(!res->timed_out && !res->signaled,
                  _("%s, expected the %s to stop with a message; it %s"), situation, who,
                  sb_describe(res, how, sizeof how));
    ck_assert_msg(res->exited && res->exit_status != 0,
                  _("%s, expected the %s to exit with a non-zero status; it %s"), situation, who,
                  sb_describe(res, how, sizeof how));
    ck_assert_msg(res->err[0] != '\0',
                  _("%s, expected the %s to say why on standard error (die, perror or fail); it "
                    "printed nothing there"),
                  situation, who);
}

/*
 * The programs work in the normal case: a message goes from the producer to
 * the consumer. Tests of failures call it first, so that a program that does
 * nothing, and so never fails, earns nothing. Leaves the key file and no
 * segment.
 */
void assert_programs_work(void)
{
    char message[40];
    struct sb_result res;

    make_key_file();
    make_message(message, 20);
    run_producer(message, NULL, &res);
    sb_result_free(&res);
    run(CONSUMER, NULL, NULL, NULL, &res);
    ck_assert_msg(strstr(res.out, message) != NULL && res.exited && res.exit_status == 0,
                  _("this test needs the programs to work first: the consumer did not print the "
                    "message given to the producer (see the test round_trip)"));
    sb_result_free(&res);
    remove_segments();
}

/*
 * A mark to count the segments created from now on (ipc_shm_mark), or -1
 * without namespaces, where other gradings create segments too and the
 * count would mean nothing.
 */
int creation_mark(void)
{
    return sb_isolated() ? ipc_shm_mark() : -1;
}

/*
 * No segment was created since *mark (-1: unknown, without namespaces), and
 * none is left but the segment keep (-1: none). Counting creates a segment
 * itself: *mark is taken anew.
 */
void assert_nothing_created_but(int *mark, int keep, const char *situation)
{
    char left[1024];
    int created = ipc_shm_created_since(*mark);

    if (*mark != -1)
        *mark = ipc_shm_mark();

    ck_assert_msg(created <= 0, _("%s, expected no segment to be created; the programs created %d"),
                  situation, created);
    ck_assert_msg(ipc_leftovers(&keep, keep != -1, left, sizeof left) == 0,
                  _("%s, expected no segment to be created; there is: %s"), situation, left);
}

void assert_nothing_created(int *mark, const char *situation)
{
    assert_nothing_created_but(mark, -1, situation);
}

/*
 * A failed call's value used as if it had worked: shmat given the id -1 (an
 * unchecked shmget), seen in the trace. The call then fails too and the
 * program may well stop with a message, but about the wrong call.
 */
static void assert_failure_not_used(const struct sb_result *res, const char *who,
                                    const char *situation)
{
    char calls[600];

    ck_assert_msg(strstr(res->trace, "shmat(-1,") == NULL,
                  _("%s, the %s called shmat with the identifier -1: shmget had failed and "
                    "returned -1, which the program used as if it were a segment; check shmget's "
                    "result and stop there\nIPC calls seen: %s"),
                  situation, who, sb_calls(res, calls, sizeof calls));
}

/* A failure reported, and shmget's -1 not used on the way (what a refused
 * shmget or an injected fault asks of the programs). */
void assert_failure_handled(const struct sb_result *res, const char *who, const char *situation)
{
    assert_reported(res, who, situation);
    assert_failure_not_used(res, who, situation);
}

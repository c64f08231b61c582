/*
 * failures.c - lab 02's programs when something goes wrong: no key file or
 * a failed ftok, the consumer before the producer, a smaller segment or one
 * they may not write under the key, a failed shmat, read or other call.
 * Each expects a message, a non-zero status, nothing created or changed,
 * and no failed value used as if it had worked. Every test first checks
 * that the programs work, so that a program that does nothing earns nothing.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../../po/i18n.h"
#include "suite.h"
#include "lab02.h"

#define DECOY_TEXT "decoy under the key 0xffffffff"

/*
 * A segment with the key (key_t) -1 = 0xffffffff, what an unchecked ftok
 * gives: a program that uses ftok's -1 as a key finds it. Returns its id;
 * -1 without namespaces, where another grading's decoy may hold that key.
 */
static int decoy_segment(void)
{
    if (!sb_isolated())
        return -1;
    return make_segment((key_t)-1, SEGMENT_SIZE, SEGMENT_MODE, DECOY_TEXT);
}

/* The decoy is as the grader made it: nobody wrote in it or removed it. */
static void assert_decoy_untouched(int id, const struct sb_result *res, const char *who,
                                   const char *situation)
{
    char seen[40], calls[600];
    struct shm_info_row row;

    if (id == -1)
        return;
    ck_assert_msg(ipc_find_shm(id, &row) == 0,
                  _("%s, the %s removed the segment with the key 0xffffffff: it used ftok's "
                    "failure value -1 as a key; check ftok's result and stop there\nIPC calls "
                    "seen: %s"),
                  situation, who, sb_calls(res, calls, sizeof calls));
    read_segment(id, seen, sizeof seen);
    ck_assert_msg(strcmp(seen, DECOY_TEXT) == 0,
                  _("%s, the %s wrote in the segment with the key 0xffffffff: it used ftok's "
                    "failure value -1 as a key; check ftok's result and stop there\nIPC calls "
                    "seen: %s"),
                  situation, who, sb_calls(res, calls, sizeof calls));
}

/* ftok's failure went no further: the decoy untouched, no segment created. */
static void assert_key_unused(int decoy, int *mark, const struct sb_result *res, const char *who,
                              const char *situation)
{
    assert_decoy_untouched(decoy, res, who, situation);
    assert_nothing_created_but(mark, decoy, situation);
}

START_TEST(missing_key_file)
{
    const char *no_file = _("when the key file shm02.key does not exist");
    const char *failed = _("when ftok fails (the grader made it fail with EACCES)");
    struct sb_result res;
    int mark, decoy;

    assert_programs_work();
    decoy = decoy_segment();
    ck_assert_msg(unlink(key_path()) == 0, _("grader: cannot remove %s"), key_path());
    mark = creation_mark();

    run_producer("no key file, no segment", NULL, &res);
    assert_reported(&res, "producer", no_file);
    ck_assert_msg(access(key_path(), F_OK) == -1,
                  _("expected the producer to leave the key file missing; it created %s (then a "
                    "typo in the name would go unnoticed)"),
                  KEY_FILE);
    assert_key_unused(decoy, &mark, &res, "producer", no_file);
    sb_result_free(&res);

    run(CONSUMER, NULL, NULL, NULL, &res);
    assert_reported(&res, "consumer", no_file);
    ck_assert_msg(access(key_path(), F_OK) == -1,
                  _("expected the consumer to leave the key file missing; it created %s"),
                  KEY_FILE);
    assert_key_unused(decoy, &mark, &res, "consumer", no_file);
    sb_result_free(&res);

    /* ftok failing for another reason than ENOENT: the same care. */
    make_key_file();
    run_producer("ftok fails", "ftok:EACCES", &res);
    assert_reported(&res, "producer", failed);
    assert_key_unused(decoy, &mark, &res, "producer", failed);
    sb_result_free(&res);

    run(CONSUMER, NULL, NULL, "ftok:EACCES", &res);
    assert_reported(&res, "consumer", failed);
    assert_key_unused(decoy, &mark, &res, "consumer", failed);
    sb_result_free(&res);
}
END_TEST

START_TEST(consumer_first)
{
    struct sb_result res;
    int mark;

    assert_programs_work();
    mark = creation_mark();
    run(CONSUMER, NULL, NULL, NULL, &res);
    assert_failure_handled(&res, "consumer", _("when no producer has run (there is no segment)"));
    assert_nothing_created(&mark, _("when the consumer runs first"));
    sb_result_free(&res);
}
END_TEST

START_TEST(size_mismatch)
{
    const char *smaller = _("when a smaller segment (8 bytes) has the key");
    const char *canary = "small";
    struct sb_result res;
    struct shm_info_row row;
    char seen[8];
    int id, mark;

    assert_programs_work();
    id = grader_segment(sizeof seen, SEGMENT_MODE, canary);
    mark = creation_mark();

    run_producer("bigger than the segment", NULL, &res);
    assert_failure_handled(&res, "producer", smaller);
    ck_assert_msg(ipc_find_shm(id, &row) == 0 && row.size == sizeof seen,
                  _("expected the producer to leave the smaller segment, which is not its own, "
                    "alone; it removed it"));
    read_segment(id, seen, sizeof seen);
    ck_assert_msg(strcmp(seen, canary) == 0,
                  _("expected the producer to leave the smaller segment alone; it wrote in it"));
    ck_assert_msg(ipc_shm_created_since(mark) <= 0,
                  _("expected the producer to create no other segment; it did"));
    sb_result_free(&res);

    run(CONSUMER, NULL, NULL, NULL, &res);
    assert_failure_handled(&res, "consumer", smaller);
    sb_result_free(&res);

    /* One byte short: the consumer must ask for the whole struct message. */
    remove_segments();
    grader_segment(SEGMENT_SIZE - 1, SEGMENT_MODE, "one byte short");
    run(CONSUMER, NULL, NULL, NULL, &res);
    assert_reported(&res, "consumer",
                    _("when the segment under the key has 127 bytes, one less than struct "
                      "message"));
    sb_result_free(&res);
}
END_TEST

START_TEST(permission_denied)
{
    char canary[40], seen[40];
    struct sb_result res;
    struct shm_info_row row;
    int id, mark;

    assert_programs_work();
    make_message(canary, 24);
    id = grader_segment(SEGMENT_SIZE, 0440, canary);
    mark = creation_mark();

    run_producer("no right to write this", NULL, &res);
    assert_failure_handled(&res, "producer", _("when the segment may not be written (mode 0440)"));
    ck_assert_msg(ipc_find_shm(id, &row) == 0 && row.mode == 0440,
                  _("expected the producer to leave a segment it may not write as it was (mode "
                    "0440); it %s"),
                  /* TRANSLATORS: completes "...; it %s". */
                  ipc_find_shm(id, &row) == 0 ? _("changed its mode") : _("removed it"));
    read_segment(id, seen, sizeof seen);
    ck_assert_msg(memcmp(seen, canary, strlen(canary) + 1) == 0,
                  _("expected the segment it may not write to be unchanged; it was changed"));
    ck_assert_msg(ipc_shm_created_since(mark) <= 0,
                  _("expected the producer to create no other segment; it did"));
    sb_result_free(&res);
}
END_TEST

START_TEST(shmat_failure)
{
    struct sb_result res;

    assert_programs_work();
    run_producer("shmat fails", "shmat:ENOMEM", &res);
    assert_reported(&res, "producer", _("when shmat fails (the grader made it fail with ENOMEM)"));
    sb_result_free(&res);

    remove_segments();
    grader_segment(SEGMENT_SIZE, SEGMENT_MODE, "shmat fails");
    run(CONSUMER, NULL, NULL, "shmat:ENOMEM", &res);
    assert_reported(&res, "consumer", _("when shmat fails (the grader made it fail with ENOMEM)"));
    sb_result_free(&res);
}
END_TEST

START_TEST(read_error)
{
    const char *situation = _("when reading standard input fails (the grader gave it a folder: "
                              "EISDIR)");
    char canary[40], seen[40];
    struct sb_spec spec = {0};
    struct sb_result res;
    int id;

    assert_programs_work();
    make_message(canary, 24);
    id = grader_segment(SEGMENT_SIZE, SEGMENT_MODE, canary);
    /* fgets returns NULL both at the end of the input and on an error:
     * only ferror(stdin) (or errno) tells them apart. */
    spec.program = PRODUCER;
    spec.input_fails = 1;
    sb_run(&spec, &res);
    assert_reported(&res, "producer", situation);
    read_segment(id, seen, sizeof seen);
    ck_assert_msg(memcmp(seen, canary, strlen(canary) + 1) == 0,
                  _("%s, expected the producer to leave the previous message in the segment: a "
                    "line that could not be read is not an empty line; the segment now holds "
                    "\"%.*s\""),
                  situation, (int)strnlen(seen, sizeof seen), seen);
    sb_result_free(&res);
}
END_TEST

/* Run a program with a failure injected: reported, no crash, no failed value used. */
static void check_injected(const char *program, const char *arg, const char *fail)
{
    const char *who = strcmp(program, PRODUCER) == 0 ? "producer" : "consumer";
    char situation[200];
    struct sb_result res;

    snprintf(situation, sizeof situation, _("when %.*s fails (the grader made it fail with %s)"),
             (int)strcspn(fail, ":"), fail, fail + strcspn(fail, ":") + 1);
    if (strcmp(program, PRODUCER) == 0)
        run_producer("a call fails", fail, &res);
    else
        run(CONSUMER, arg, NULL, fail, &res);
    /* A program that never makes that call loses its points elsewhere. */
    if (strstr(res.trace, "failure injected") != NULL)
        assert_failure_handled(&res, who, situation);
    sb_result_free(&res);
}

START_TEST(call_failures)
{
    assert_programs_work();
    check_injected(PRODUCER, NULL, "shmget:ENOSPC");
    check_injected(PRODUCER, NULL, "shmdt:EINVAL");
    remove_segments();
    grader_segment(SEGMENT_SIZE, SEGMENT_MODE, "calls fail");
    check_injected(CONSUMER, NULL, "shmget:EACCES");
    check_injected(CONSUMER, NULL, "shmdt:EINVAL");
    check_injected(CONSUMER, "-r", "shmctl:EPERM");
}
END_TEST

const struct graded_test failure_tests[] = {
    {.test = &missing_key_file,
     .points = 2,
     .title = "a missing key file or a failed ftok is reported, and nothing is created",
     .hint = "ftok fails with ENOENT when the file does not exist: check its result against -1 and "
             "stop with a message. Do not create the file in the program, and never call shmget "
             "with the key -1. Notes, section 2 (ftok)."},
    {.test = &consumer_first,
     .points = 2,
     .title = "the consumer started before the producer reports it, creates nothing",
     .hint = "The consumer gets an existing segment: shmget without IPC_CREAT fails with ENOENT "
             "when there is none; say so and exit with a non-zero status, do not wait or create "
             "one. Notes, section 3 (shmget)."},
    {.test = &size_mismatch,
     .points = 1,
     .title = "a smaller segment with the same key is reported (EINVAL), left alone",
     .hint = "shmget fails with EINVAL when the segment of that key is smaller than the size "
             "asked: check -1, report it (ipcrm -M KEY removes the old segment); in the consumer "
             "ask for sizeof(struct message), not 0. Notes, sections 3 and 4."},
    {.test = &permission_denied,
     .points = 1,
     .title = "a segment the user may not write is reported (EACCES), left alone",
     .hint = "shmget with IPC_CREAT | SEGMENT_MODE fails with EACCES on an existing segment you "
             "may not write: check -1 and stop with a message. Notes, section 3 (shmget)."},
    {.test = &shmat_failure,
     .points = 1,
     .title = "a failed shmat is reported, not used",
     .hint = "shmat returns (void *) -1 on failure, not NULL: `if (p == (void *) -1)`. Notes, "
             "section 3 (the errata box)."},
    {.test = &read_error,
     .points = 1,
     .title = "a failed read of standard input is reported, the message left as it was",
     .hint = "fgets returns NULL at the end of the input and on a read error alike: after NULL, "
             "ferror(stdin) tells which. The end of the input is the empty message; an error "
             "stops the producer with a message and a non-zero status, before it writes in the "
             "segment. Notes, section 3 (storing a string)."},
    {.test = &call_failures,
     .points = 1,
     .title = "a failed shmget, shmdt or shmctl is reported",
     .hint =
         "Every call has a failure value (-1 for shmget, shmdt and shmctl): compare with it and "
         "stop with a message (die) and a non-zero status, without using the value: shmat(-1, "
         "...) means that shmget's failure went unchecked. Notes, section 3."},
    END_OF_TESTS,
};

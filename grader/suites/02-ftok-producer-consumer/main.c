/*
 * 02-ftok-producer-consumer.c - tests of lab 02 (producer, consumer).
 *
 * The programs' contract (the lab's handout, not the reference's header):
 *
 *   - both derive the key ftok("shm02.key", 'P'), the key file being in the
 *     folder they start in; the grader creates it there (or, to test the
 *     error, does not);
 *   - the producer reads one line on standard input, gets the segment of
 *     128 bytes (struct message) with IPC_CREAT and mode 0640, stores the
 *     line without its newline, cut to 127 characters and terminated by
 *     '\0', detaches and exits 0, leaving the segment in place;
 *   - the consumer gets the existing segment (no IPC_CREAT), attaches it
 *     read-only, prints the message and exits 0; with -r it also removes the
 *     segment;
 *   - every failure (no key file, no segment, a smaller segment, no
 *     permission, a failed shmat) ends with a message on standard error and
 *     a non-zero exit status, without a crash or a hang.
 *
 * The constants of lab02.h are that specification, written there on
 * purpose: the student's shm02.h is compiled into the programs, never into
 * the grader.
 * Wording is free: a test looks for the message in the consumer's output,
 * and reads the segment itself to see what the producer stored.
 *
 * The programs run as an unprivileged user, without CAP_IPC_OWNER, so
 * permission bits apply to them: a segment the grader gives to that user
 * with mode 0400 can be attached read-only, not read-write.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <unistd.h>

#include "../../po/i18n.h"
#include "suite.h"
#include "lab02.h"

/*
 * A segment with the key (key_t) -1 = 0xffffffff, what an unchecked ftok
 * gives: a program that uses ftok's -1 as a key finds it. Returns its id;
 * -1 without namespaces, where another grading's decoy may hold that key.
 */
static int decoy_segment(void)
{
    if (!sb_isolated())
        return -1;
    return make_segment((key_t)-1, SEGMENT_SIZE, SEGMENT_MODE, "decoy under the key 0xffffffff");
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
    ck_assert_msg(strcmp(seen, "decoy under the key 0xffffffff") == 0,
                  _("%s, the %s wrote in the segment with the key 0xffffffff: it used ftok's "
                    "failure value -1 as a key; check ftok's result and stop there\nIPC calls "
                    "seen: %s"),
                  situation, who, sb_calls(res, calls, sizeof calls));
}

/* ---- the tests ----------------------------------------------------------- */

START_TEST(round_trip)
{
    char message[40];
    struct sb_result res;
    struct shm_info_row row;

    make_key_file();
    make_message(message, 24);
    run_producer(message, NULL, &res);
    assert_success(&res, "producer", _("after storing the message"));
    sb_result_free(&res);

    run(CONSUMER, NULL, NULL, NULL, &res);
    assert_consumer_printed(&res, message, _(" (given to the producer just before)"));
    sb_result_free(&res);

    ck_assert_msg(find_key(expected_key(), &row) == 0 ||
                      (sb_isolated() && ipc_list_shm(&row, 1) == 1),
                  _("expected the segment to stay after the consumer ran without -r; it is gone "
                    "(only -r removes it)"));
    run(CONSUMER, NULL, NULL, NULL, &res);
    assert_consumer_printed(&res, message, _(" a second time (without -r the segment stays)"));
    sb_result_free(&res);
}
END_TEST

/*
 * A segment of 256 bytes (a larger one is accepted) whose first 128 bytes
 * hold no '\0': the consumer prints at most 128 characters, not what follows.
 */
static void check_print_bounded(void)
{
    char text[2 * SEGMENT_SIZE + 1], seen[160];
    struct sb_result res;
    int id;
    char *p;

    remove_segments();
    memset(text, 'A', SEGMENT_SIZE);
    memset(text + SEGMENT_SIZE, 'Z', SEGMENT_SIZE);
    text[2 * SEGMENT_SIZE] = '\0';
    id = grader_segment(2 * SEGMENT_SIZE, SEGMENT_MODE, "");
    p = shmat(id, NULL, 0);
    ck_assert_msg(p != (void *)-1, _("grader: cannot attach segment %d: %s"), id, strerror(errno));
    memcpy(p, text, 2 * SEGMENT_SIZE);
    shmdt(p);
    run(CONSUMER, NULL, NULL, NULL, &res);
    text[SEGMENT_SIZE - 1] = '\0';
    ck_assert_msg(strstr(res.out, text) != NULL && strchr(res.out, 'Z') == NULL,
                  _("the grader made a segment of 256 bytes whose 128 bytes of text hold no '\\0' "
                    "(128 'A', then 128 'Z'); expected the consumer to print at most the 128 'A' "
                    "(printf(\"%%.*s\", (int)sizeof shared->text, ...)); it printed %s"),
                  excerpt(res.out, seen, sizeof seen));
    sb_result_free(&res);
}

START_TEST(message_bounds)
{
    char cut[MESSAGE_MAX + 1], too_long[MESSAGE_MAX + 80], longest[MESSAGE_MAX + 1];
    char seen[SEGMENT_SIZE + 1];
    const char *after[] = {_("after a line of 200 characters"), _("after a line of 127 characters"),
                           _("after a line of one character"), _("after an empty line")};
    const char *input[4], *expect[4];
    struct sb_result res;
    struct shm_info_row row;
    int i;

    /* From the longest to the shortest: what a message leaves behind shows. */
    make_message(cut, MESSAGE_MAX);
    snprintf(too_long, sizeof too_long, "%s%s", cut,
             "OVERFLOW-these-72-characters-must-not-reach-the-segment-0123456789-abcdef");
    input[0] = too_long, expect[0] = cut;
    make_message(longest, MESSAGE_MAX);
    input[1] = expect[1] = longest;
    input[2] = expect[2] = "Q";
    input[3] = expect[3] = "";

    make_key_file();
    for (i = 0; i < 4; i++) {
        size_t n = strlen(expect[i]);

        run_producer(input[i], NULL, &res);
        assert_success(&res, "producer", after[i]);
        producer_segment(&row, &res);
        ck_assert_msg(row.size >= n + 1,
                      _("%s, expected the segment to hold %zu bytes (%zu characters and "
                        "'\\0'); it has only %zu bytes"),
                      after[i], n + 1, n, row.size);
        memset(seen, 0, sizeof seen);
        read_segment(row.id, seen, n + 1);
        ck_assert_msg(memcmp(seen, expect[i], n) == 0,
                      _("%s, expected the segment to start with \"%.40s%s\"; it starts with "
                        "\"%.40s...\""),
                      after[i], expect[i], n > 40 ? "..." : "", seen);
        ck_assert_msg(seen[n] == '\0',
                      _("%s, expected the %zu characters in the segment to be followed by "
                        "'\\0'; the byte at offset %zu is 0x%02x (%s)"),
                      after[i], n, n, (unsigned char)seen[n],
                      i == 0 ? _("the copy was not cut at 127 characters and terminated")
                             : _("the end of an older, longer message, or a newline"));
        sb_result_free(&res);

        run(CONSUMER, NULL, NULL, NULL, &res);
        if (n > 1)
            assert_consumer_printed(&res, expect[i], "");
        else
            assert_success(&res, "consumer", after[i]);
        sb_result_free(&res);
    }

    /* No input at all: fgets returns NULL and leaves its array as it was. */
    run_producer("Q", NULL, &res);
    sb_result_free(&res);
    run(PRODUCER, NULL, "", NULL, &res);
    assert_success(&res, "producer", _("when its standard input is empty (no line at all)"));
    producer_segment(&row, &res);
    memset(seen, 0, sizeof seen);
    read_segment(row.id, seen, 1);
    ck_assert_msg(seen[0] == '\0',
                  _("when its standard input is empty (no line at all), expected the producer to "
                    "store the empty message; the segment starts with 0x%02x (fgets returned NULL "
                    "and left the array as it was: make it \"\" yourself)"),
                  (unsigned char)seen[0]);
    sb_result_free(&res);
}
END_TEST

START_TEST(key_is_ftok)
{
    char message[40], keys[1024];
    struct sb_result res;
    struct shm_info_row row;
    key_t key;

    make_key_file();
    key = expected_key();
    make_message(message, 24);
    run_producer(message, NULL, &res);
    assert_success(&res, "producer", _("after storing the message"));
    ipc_leftovers(NULL, 0, keys, sizeof keys);
    ck_assert_msg(find_key(key, &row) == 0,
                  _("expected the producer's segment to have the key ftok(\"%s\", '%c') = 0x%08x; "
                    "the segments are: %s"),
                  KEY_FILE, PROJECT_ID, (unsigned)key, keys[0] ? keys : _("none"));
    sb_result_free(&res);

    /* The consumer alone: it finds a segment the grader made with that key. */
    remove_segments();
    make_message(message, 24);
    grader_segment(SEGMENT_SIZE, SEGMENT_MODE, message);
    run(CONSUMER, NULL, NULL, NULL, &res);
    assert_consumer_printed(&res, message,
                            _(" (the grader put it in a segment with the key ftok(\"shm02.key\", "
                              "'P'))"));
    sb_result_free(&res);
}
END_TEST

START_TEST(size_and_mode)
{
    char message[40];
    struct sb_result res;
    struct shm_info_row row;

    make_key_file();
    make_message(message, 24);
    run_producer(message, NULL, &res);
    assert_success(&res, "producer", _("after storing the message"));
    producer_segment(&row, &res);
    ck_assert_msg(
        row.size == SEGMENT_SIZE,
        _("expected the segment to be sizeof(struct message) = %d bytes; it is %zu bytes"),
        SEGMENT_SIZE, row.size);
    ck_assert_msg(row.mode == SEGMENT_MODE,
                  _("expected the segment's mode to be %03o (SEGMENT_MODE); it is %03o"),
                  SEGMENT_MODE, row.mode);
    sb_result_free(&res);
}
END_TEST

START_TEST(consumer_read_only)
{
    char message[40];
    struct sb_result res;

    make_key_file();
    make_message(message, 24);
    grader_segment(SEGMENT_SIZE, 0400, message);
    run(CONSUMER, NULL, NULL, NULL, &res);
    assert_consumer_printed(&res, message,
                            _(" from a segment its user may read but not write (mode 0400)"));
    sb_result_free(&res);

    check_print_bounded();
}
END_TEST

START_TEST(consumer_removes)
{
    char message[40], left[1024], calls[600];
    struct sb_result res;
    struct shm_info_row row;

    make_key_file();
    make_message(message, 24);
    run_producer(message, NULL, &res);
    sb_result_free(&res);
    run(CONSUMER, "-r", NULL, NULL, &res);
    assert_consumer_printed(&res, message, _(" with -r"));
    ck_assert_msg(ipc_leftovers(NULL, 0, left, sizeof left) == 0 &&
                      find_key(expected_key(), &row) == -1,
                  _("expected `consumer -r` to remove the segment (shmctl with IPC_RMID); what is "
                    "left: %s\nIPC calls seen: %s"),
                  left, sb_calls(&res, calls, sizeof calls));
    sb_result_free(&res);
}
END_TEST

START_TEST(missing_key_file)
{
    const char *no_file = _("when the key file shm02.key does not exist");
    const char *failed = _("when ftok fails (the grader made it fail with EACCES)");
    struct sb_result res;
    int mark, decoy;

    assert_programs_work();
    decoy = decoy_segment();
    ck_assert_msg(unlink(key_path()) == 0, _("grader: cannot remove %s"), key_path());
    mark = sb_isolated() ? ipc_shm_mark() : -1;

    run_producer("no key file, no segment", NULL, &res);
    assert_reported(&res, "producer", no_file);
    ck_assert_msg(access(key_path(), F_OK) == -1,
                  _("expected the producer to leave the key file missing; it created %s (then a "
                    "typo in the name would go unnoticed)"),
                  KEY_FILE);
    assert_decoy_untouched(decoy, &res, "producer", no_file);
    assert_nothing_created_but(&mark, decoy, no_file);
    sb_result_free(&res);

    run(CONSUMER, NULL, NULL, NULL, &res);
    assert_reported(&res, "consumer", no_file);
    ck_assert_msg(access(key_path(), F_OK) == -1,
                  _("expected the consumer to leave the key file missing; it created %s"),
                  KEY_FILE);
    assert_decoy_untouched(decoy, &res, "consumer", no_file);
    assert_nothing_created_but(&mark, decoy, no_file);
    sb_result_free(&res);

    /* ftok failing for another reason than ENOENT: the same care. */
    make_key_file();
    run_producer("ftok fails", "ftok:EACCES", &res);
    assert_reported(&res, "producer", failed);
    assert_decoy_untouched(decoy, &res, "producer", failed);
    assert_nothing_created_but(&mark, decoy, failed);
    sb_result_free(&res);

    run(CONSUMER, NULL, NULL, "ftok:EACCES", &res);
    assert_reported(&res, "consumer", failed);
    assert_decoy_untouched(decoy, &res, "consumer", failed);
    assert_nothing_created_but(&mark, decoy, failed);
    sb_result_free(&res);
}
END_TEST

START_TEST(consumer_first)
{
    struct sb_result res;
    int mark;

    assert_programs_work();
    mark = sb_isolated() ? ipc_shm_mark() : -1;
    run(CONSUMER, NULL, NULL, NULL, &res);
    assert_reported(&res, "consumer", _("when no producer has run (there is no segment)"));
    assert_failure_not_used(&res, "consumer", _("when no producer has run (there is no segment)"));
    assert_nothing_created(&mark, _("when the consumer runs first"));
    sb_result_free(&res);
}
END_TEST

START_TEST(size_mismatch)
{
    const char *canary = "small";
    struct sb_result res;
    struct shm_info_row row;
    char seen[8];
    int id, mark;

    assert_programs_work();
    id = grader_segment(sizeof seen, SEGMENT_MODE, canary);
    mark = sb_isolated() ? ipc_shm_mark() : -1;

    run_producer("bigger than the segment", NULL, &res);
    assert_reported(&res, "producer", _("when a smaller segment (8 bytes) has the key"));
    assert_failure_not_used(&res, "producer", _("when a smaller segment (8 bytes) has the key"));
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
    assert_reported(&res, "consumer", _("when a smaller segment (8 bytes) has the key"));
    assert_failure_not_used(&res, "consumer", _("when a smaller segment (8 bytes) has the key"));
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
    mark = sb_isolated() ? ipc_shm_mark() : -1;

    run_producer("no right to write this", NULL, &res);
    assert_reported(&res, "producer", _("when the segment may not be written (mode 0440)"));
    assert_failure_not_used(&res, "producer", _("when the segment may not be written (mode 0440)"));
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
    if (strstr(res.trace, "failure injected") != NULL) {
        assert_reported(&res, who, situation);
        assert_failure_not_used(&res, who, situation);
    }
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

static const struct graded_test tests[] = {
    {.test = &round_trip,
     .points = 3,
     .title = "a message goes from the producer to the consumer, and can be read twice",
     .hint =
         "The producer stores the line it reads in the segment and exits 0 without removing it; "
         "the consumer gets the same segment through the same key, prints the message and exits 0. "
         "Only `consumer -r` removes the segment. Notes, sections 2 (keys) and 3 (shmget, shmat)."},
    {.test = &message_bounds,
     .points = 2,
     .title = "empty, one-character, 127-character and too long lines and no input are stored cut "
              "and terminated",
     .hint = "Read with fgets(buf, MESSAGE_SIZE, stdin), never gets(); drop the newline; copy at "
             "most sizeof text bytes and always the '\\0' (strncpy does not add it when the text "
             "fills the array). An empty line must overwrite the previous message. Notes, section "
             "3 (the errata box: gets)."},
    {.test = &key_is_ftok,
     .points = 2,
     .title = "both programs use the key ftok(\"shm02.key\", 'P')",
     .hint = "Derive the key with ftok(KEY_FILE, PROJECT_ID), the same call in both programs; do "
             "not change the values of shm02.h. ftok keeps only the low 8 bits of the project id. "
             "Notes, section 2 (keys and ftok)."},
    {.test = &size_and_mode,
     .points = 2,
     .title = "the segment has sizeof(struct message) bytes and mode 0640",
     .hint = "Create it with shmget(key, sizeof(struct message), IPC_CREAT | SEGMENT_MODE): the "
             "size of the struct, not a round number, and the header's mode, not 0666. Notes, "
             "section 3 (shmget)."},
    {.test = &consumer_read_only,
     .points = 2,
     .title = "the consumer reads a segment it may not write, and prints at most 128 characters",
     .hint =
         "The consumer only reads: get the segment with shmget(key, size, 0) (permission bits in "
         "the flags ask for that access) and attach it with shmat(shmid, NULL, SHM_RDONLY). SHM_R "
         "and SHM_W are permission bits, not shmat flags. Notes, section 3 (the errata box)."},
    {.test = &consumer_removes,
     .points = 2,
     .title = "`consumer -r` removes the segment",
     .hint = "With -r, call shmctl(shmid, IPC_RMID, NULL) after reading; detaching alone never "
             "removes a segment. From the shell: ipcrm -m ID or ipcrm -M KEY (not -Q, a message "
             "queue). Notes, sections 3 and 4."},
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

static const struct lab lab = {
    .name = "02-ftok-producer-consumer",
    .programs = PRODUCER " " CONSUMER,
    .tests = tests,
    .seconds = 0.6, /* the solution, bench/02-speed: the runner starts the longest labs first */
};

LAB_MAIN(lab)

/*
 * messages.c - lab 02's programs in the normal case: a message goes from
 * the producer to the consumer through the segment of the key
 * ftok("shm02.key", 'P'), of sizeof(struct message) bytes and mode 0640,
 * stored cut and terminated whatever the line's length, read by a consumer
 * that may not write, removed by `consumer -r` only.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include "../../po/i18n.h"
#include "suite.h"
#include "lab02.h"

/*
 * The producer stores a fresh message of 24 characters (message holds 25
 * bytes or more), and must exit 0; its result is in res, to free.
 */
static void store_message(char *message, struct sb_result *res)
{
    make_message(message, 24);
    run_producer(message, NULL, res);
    assert_success(res, "producer", _("after storing the message"));
}

/* The consumer, without -r, must print message and exit 0 (context: see
 * assert_consumer_printed). */
static void check_consumer_prints(const char *message, const char *context)
{
    struct sb_result res;

    run(CONSUMER, NULL, NULL, NULL, &res);
    assert_consumer_printed(&res, message, context);
    sb_result_free(&res);
}

START_TEST(round_trip)
{
    char message[40];
    struct sb_result res;
    struct shm_info_row row;

    make_key_file();
    store_message(message, &res);
    sb_result_free(&res);
    check_consumer_prints(message, _(" (given to the producer just before)"));

    ck_assert_msg(find_key(expected_key(), &row) == 0 ||
                      (sb_isolated() && ipc_list_shm(&row, 1) == 1),
                  _("expected the segment to stay after the consumer ran without -r; it is gone "
                    "(only -r removes it)"));
    check_consumer_prints(message, _(" a second time (without -r the segment stays)"));
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
    store_message(message, &res);
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
    check_consumer_prints(message, _(" (the grader put it in a segment with the key "
                                     "ftok(\"shm02.key\", 'P'))"));
}
END_TEST

START_TEST(size_and_mode)
{
    char message[40];
    struct sb_result res;
    struct shm_info_row row;

    make_key_file();
    store_message(message, &res);
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

    make_key_file();
    make_message(message, 24);
    grader_segment(SEGMENT_SIZE, 0400, message);
    check_consumer_prints(message,
                          _(" from a segment its user may read but not write (mode 0400)"));
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

const struct graded_test message_tests[] = {
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
    END_OF_TESTS,
};

/*
 * names.c - the rules of a name (-n /NAME): '/' first, then 1 to 199
 * characters other than '/'. The shortest and the longest valid names go
 * through; an invalid one is rejected by both programs before they create
 * anything, since glibc itself accepts some of them ("demo", "//demo").
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../../po/i18n.h"
#include "suite.h"

#include "lab04.h"

/* Run `program` with the name bad: it must stop, say why, and create nothing. */
static void check_rejected(const char *program, const char *who, const char *bad)
{
    const char *args[4] = {"-n", bad, NULL, NULL};
    struct entries before, after;
    struct prog p;
    struct sample seen;
    enum state st;
    char text[400], made[600], desc[1400];

    if (strcmp(program, WRITER) == 0)
        args[2] = "a message";
    list_entries(&before);
    st = run_alone(&p, who, program, args, NULL, &seen);
    list_entries(&after);
    ck_assert_msg(st == ENDED,
                  _("%s was started with -n \"%s\", a name that breaks the rules (a '/' first, "
                    "then 1 to 199 characters, no other '/'); expected it to stop; it was %s\n%s"),
                  who, bad, state_text(st, &seen, text, sizeof text), how(&p, desc, sizeof desc));
    ck_assert_msg(!p.res.signaled && p.res.exited && p.res.exit_status != 0,
                  _("%s was started with -n \"%s\", an invalid name; expected it to stop with a "
                    "non-zero exit status\n%s"),
                  who, bad, how(&p, desc, sizeof desc));
    ck_assert_msg(p.res.err[0] != '\0',
                  _("%s was started with -n \"%s\", an invalid name; it stopped, but printed no "
                    "message on standard error to say why"),
                  who, bad);
    ck_assert_msg(new_entries(&before, &after, made, sizeof made) == 0,
                  _("%s was started with -n \"%s\", an invalid name; it stopped, but only after "
                    "creating %s: check the name before any shm_open or sem_open"),
                  who, bad, made);
    sb_result_free(&p.res);
}

/* The longest valid name: MESSAGE_NAME_MAX (200) characters, the '/' included. */
#define NAME_MAX_LENGTH 200

/*
 * The pair with the valid name `name` (its length is what the test is
 * about): the message must go through, both programs exiting 0.
 */
static void check_valid_name(const char *name, const char *what)
{
    struct pair t;

    pair_init(&t);
    snprintf(t.name, sizeof t.name, "%s", name);
    pair_run(&t);
    if (!round_trip_ok(&t)) {
        char out[160];

        FAIL_PAIR(&t,
                  _("the writer was started with -n %.40s%s, a valid name of %zu characters (%s), "
                    "then the reader with the same name: expected the message to go through, "
                    "both exiting 0; the reader printed %s"),
                  name, strlen(name) > 40 ? "..." : "", strlen(name), what,
                  excerpt(t.reader.res.out, out, sizeof out));
    }
    pair_free(&t);
}

/* A name of `length` characters, '/' first, unique on the host too (fallback). */
static void long_name(char *buf, size_t length)
{
    size_t i;

    snprintf(buf, length + 1, "/lab04-%d-%ld-", (int)getpid(), fresh_value());
    for (i = strlen(buf); i < length; i++)
        buf[i] = (char)('a' + i % 26);
    buf[length] = '\0';
}

/* A name of one character after the '/', not taken on the host (fallback). */
static void short_name(char *buf, size_t size)
{
    static const char letters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    long pick = fresh_value();
    size_t i;

    for (i = 0; i < sizeof letters - 1; i++) {
        char path[300];

        snprintf(buf, size, "/%c", letters[(size_t)(pick + (long)i) % (sizeof letters - 1)]);
        if (access(object_path(buf, path, sizeof path), F_OK) == -1)
            return;
    }
}

START_TEST(name_rules)
{
    char noslash[64], inner[64], twoslash[64], path[300], out[160], shortest[8];
    char longest[NAME_MAX_LENGTH + 1], too_long[NAME_MAX_LENGTH + 2];
    const char *bad[6];
    struct pair t;
    int i;

    prepare();
    /* First, valid names must work: the writer creates its object, and the
     * reader, if the writer waits for it, takes the message. */
    pair_init(&t);
    pair_run(&t);
    if (!t.object_created)
        FAIL_PAIR(&t,
                  _("this test needs the writer to accept a valid name first: started with -n %s, "
                    "it did not create %s (see the test object_size)"),
                  t.name, object_path(t.name, path, sizeof path));
    if (t.writer_state == BLOCKED && (!t.reader.res.exited || t.reader.res.exit_status != 0 ||
                                      strstr(t.reader.res.out, t.message) == NULL))
        FAIL_PAIR(&t,
                  _("this test needs the reader to accept a valid name first: started with -n %s "
                    "while the writer waited, it printed %s (see the test round_trip)"),
                  t.name, excerpt(t.reader.res.out, out, sizeof out));
    pair_free(&t);

    /* The shortest and the longest valid names work too; one more is too long. */
    short_name(shortest, sizeof shortest);
    check_valid_name(shortest, _("a '/' and one character, the shortest"));
    long_name(longest, NAME_MAX_LENGTH);
    check_valid_name(longest, _("MESSAGE_NAME_MAX, the longest"));
    long_name(too_long, NAME_MAX_LENGTH + 1);

    snprintf(noslash, sizeof noslash, "lab04-%d-noslash", (int)getpid());
    snprintf(inner, sizeof inner, "/lab04-%d/inner", (int)getpid());
    snprintf(twoslash, sizeof twoslash, "//lab04-%d-twoslash", (int)getpid());
    bad[0] = noslash;
    bad[1] = inner;
    bad[2] = twoslash;
    bad[3] = "/";
    bad[4] = "";
    bad[5] = too_long;
    for (i = 0; i < 6; i++) {
        check_rejected(WRITER, _("the writer"), bad[i]);
        check_rejected(READER, _("the reader"), bad[i]);
    }
}
END_TEST

const struct graded_test name_tests[] = {
    {.test = &name_rules,
     .points = 2,
     .title = "names of 2 and 200 characters work; invalid names are rejected by both programs, "
              "and nothing is created",
     .hint = "A valid name is a '/' followed by 1 to 199 characters other than '/' "
             "(MESSAGE_NAME_MAX, 200, in all). glibc accepts \"demo\" and \"//demo\": check the "
             "name yourself, before any shm_open or sem_open, and exit with a message and a "
             "non-zero status. Notes, section 8."},
    END_OF_TESTS,
};

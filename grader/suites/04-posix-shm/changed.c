/*
 * changed.c - the reader given an object the grader changed while the writer
 * waits for it: made read-only (the reader needs no more), or cut shorter
 * than struct message (the reader must see it and stop).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../po/i18n.h"
#include "suite.h"

#include "lab04.h"

/* The writer waits: the grader changes its object, then starts the reader. */
static void pair_with_changed_object(struct pair *t, int (*change)(const char *path))
{
    char path[300], text[400], w[1400];

    pair_init(t);
    pair_start_writer(t);
    if (t->writer_state != BLOCKED || !t->object_created) {
        stop(&t->writer);
        finish1(&t->writer);
        ck_abort_msg(_("this test needs the writer to work first: started alone (-n %s), it "
                       "should create the object, write, then wait for the reader; it was %s\n%s"),
                     t->name, state_text(t->writer_state, &t->writer_seen, text, sizeof text),
                     how(&t->writer, w, sizeof w));
    }
    ck_assert_msg(change(object_path(t->name, path, sizeof path)) == 0,
                  _("grader: cannot change %s: %s"), path, strerror(errno));
}

static int make_read_only(const char *path)
{
    return chmod(path, 0400);
}

static int make_short(const char *path)
{
    return truncate(path, OBJECT_SIZE - 1);
}

START_TEST(reader_read_only)
{
    struct pair t;
    char out[160];

    prepare();
    pair_with_changed_object(&t, make_read_only);
    start(&t.reader, _("the reader"), READER, t.rargs, NULL);
    finish2(&t.writer, &t.reader);
    if (strstr(t.reader.res.out, t.message) == NULL || !t.reader.res.exited ||
        t.reader.res.exit_status != 0)
        FAIL_PAIR(&t,
                  _("while the writer waited, the grader made the object read-only (0400): "
                    "expected the reader, which only reads, to open it with O_RDONLY, map it "
                    "with PROT_READ and print the message; it printed %s"),
                  excerpt(t.reader.res.out, out, sizeof out));
    pair_free(&t);
}
END_TEST

START_TEST(reader_object_size)
{
    struct pair t;
    struct sample seen;
    enum state st;

    prepare();
    pair_with_changed_object(&t, make_short);
    start(&t.reader, _("the reader"), READER, t.rargs, NULL);
    st = await(&t.reader, &seen);
    stop(&t.reader);
    stop(&t.writer);
    finish2(&t.writer, &t.reader);
    assert_stopped_with_message(&t.reader, st, &seen,
                                _("while the writer waited, the grader cut the object to 4095 "
                                  "bytes, one less than struct message"));
    pair_free(&t);
}
END_TEST

const struct graded_test changed_tests[] = {
    {.test = &reader_read_only,
     .points = 1,
     .title = "the reader opens the object read-only",
     .hint = "The reader only reads: shm_open(name, O_RDONLY, 0) and mmap with PROT_READ. O_RDWR "
             "asks for a right it does not need, and fails on an object it may only read. Notes, "
             "section 8."},
    {.test = &reader_object_size,
     .points = 1,
     .title = "a reader given an object smaller than struct message reports it",
     .hint = "Check the object's size with fstat before mapping it: if st.st_size < sizeof(struct "
             "message), stop with a message (fail); reading past its end raises SIGBUS. Notes, "
             "section 8."},
    END_OF_TESTS,
};

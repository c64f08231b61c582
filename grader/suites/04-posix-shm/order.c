/*
 * order.c - the order of the writer's steps: its semaphores start at 0, and
 * it posts only once the message is in place. The grader stops the writer
 * at a chosen call (SHMLAB_RAISE) and looks at what the reader sees then.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "../../po/i18n.h"
#include "suite.h"

#include "lab04.h"

/*
 * The writer stopped (SHMLAB_RAISE) at `raise`, the reader started: with
 * `reader_waits`, the reader must block (nothing was posted yet); without,
 * it must print the whole message (everything was in place before the
 * post). Then the writer goes on, and the pair must end well.
 */
static void check_stopped_writer(const char *raise, int reader_waits, const char *where)
{
    struct pair t;
    struct sample seen;
    enum state st;
    char text[400], out[160];
    pid_t writer;

    pair_init(&t);
    start_raised(&t.writer, _("the writer"), WRITER, t.wargs, NULL, raise);
    if ((writer = await_stopped(&t.writer)) == 0) { /* another kind of semaphore */
        stop(&t.writer);
        finish1(&t.writer);
        pair_free(&t);
        return;
    }
    start(&t.reader, _("the reader"), READER, t.rargs, NULL);
    st = await(&t.reader, &seen); /* the writer goes on only once the reader has done its part */
    kill(writer, SIGCONT);
    if (reader_waits && st == ENDED) { /* a busy or sleeping wait is reader_waits' business */
        stop(&t.writer);
        stop(&t.reader);
        finish2(&t.writer, &t.reader);
        FAIL_PAIR(&t,
                  _("the grader stopped the writer %s, before it had written anything, then "
                    "started the reader: expected the reader to wait; it was %s (a semaphore "
                    "created with the value 1 lets the reader in before the message is there: "
                    "create both with 0)"),
                  where, state_text(st, &seen, text, sizeof text));
    }
    finish2(&t.writer, &t.reader);
    if (!reader_waits && strstr(t.reader.res.out, t.message) == NULL)
        FAIL_PAIR(&t,
                  _("the grader stopped the writer %s, then started the reader: expected the "
                    "reader to find the whole message, since the post says it is there; it "
                    "printed %s (write the message and its length before sem_post)"),
                  where, excerpt(t.reader.res.out, out, sizeof out));
    if (!round_trip_ok(&t))
        FAIL_PAIR(&t,
                  _("the grader stopped the writer %s, then let it go on: expected the pair to "
                    "end well, the reader printing the message and both exiting 0"),
                  where);
    pair_free(&t);
}

START_TEST(writer_posts_last)
{
    struct pair t;

    prepare();
    pair_init(&t);
    pair_run(&t);
    require_round_trip(&t);
    pair_free(&t);
    check_stopped_writer("SHMLAB_RAISE=parent:sem_open:2:STOP", 1,
                         _("right after its second sem_open"));
    check_stopped_writer("SHMLAB_RAISE=parent:sem_post:1:STOP,parent:semop:1:STOP", 0,
                         _("right after its first post (sem_post or semop)"));
}
END_TEST

const struct graded_test order_tests[] = {
    {.test = &writer_posts_last,
     .points = 1,
     .title = "the semaphores start at 0, and the writer posts once the message is in place",
     .hint = "Create both semaphores with the value 0 (sem_open(name, O_CREAT, MESSAGE_MODE, 0)): "
             "the reader must wait until the writer posts. Write everything (text and length) "
             "before sem_post(ready): the post says that the message is there. Notes, section 8."},
    END_OF_TESTS,
};

/*
 * main.c - the tests of lab 04 (shm_writer, shm_reader); watch.c,
 * objects.c and scenarios.c hold what they share.
 *
 * The programs' contract (the lab's handout and shm_message.h):
 *
 *   shm_writer [-n /NAME] MESSAGE   creates the POSIX object NAME (MESSAGE_SIZE
 *       = 4096 bytes, mode 0600), writes MESSAGE in it, posts a named
 *       semaphore, then waits on another one until the reader has read;
 *       then removes the object and its semaphores and exits 0.
 *   shm_reader [-n /NAME]           waits (blocked on a semaphore, no busy
 *       wait) until the writer has written, prints the message on standard
 *       output, tells the writer, exits 0.
 *   Either may start first. A NAME that is not '/' followed by characters
 *   other than '/' is rejected by both, with a message on standard error, a
 *   non-zero status, and nothing created.
 *
 * Wording is free: a test only looks for the message in the reader's output.
 * The semaphores' names and kind are free too: the tests look at the object
 * NAME and at whatever else appears in /dev/shm (named semaphores are
 * /dev/shm/sem.*), never at the names the reference uses.
 *
 * No test depends on timing. The grader watches the programs' processes
 * (sb_processes()): a program is "blocked" when it sleeps in the kernel on a futex (what
 * sem_wait does); it is "busy" when it burns processor time while it should
 * be waiting. The writer is started first and the grader waits until it is
 * blocked (it has written and waits for the reader) before it looks at
 * /dev/shm or starts the reader; in reader_waits the reader is started
 * alone and must block before the writer is started. When every program
 * still running is blocked and none makes any progress (their counters of
 * context switches stand still), nothing can ever wake them: the grader stops
 * them at once instead of waiting for the time limit.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "../../po/i18n.h"
#include "suite.h"

#include "lab04.h"

START_TEST(round_trip)
{
    struct pair t;
    char out[160];

    prepare();
    pair_init(&t);
    pair_run(&t);
    if (strstr(t.reader.res.out, t.message) == NULL)
        FAIL_PAIR(&t,
                  _("started with -n %s \"%s\", then the reader with -n %s: expected the reader to "
                    "print the message; it printed %s"),
                  t.name, t.message, t.name, excerpt(t.reader.res.out, out, sizeof out));
    if (!round_trip_ok(&t))
        FAIL_PAIR(&t, _("the message went through; expected both programs to end by themselves "
                        "with exit status 0"));
    pair_free(&t);
}
END_TEST

START_TEST(reader_waits)
{
    struct pair t;
    struct sample seen;
    enum state st;
    char text[400], out[160], r[1400];

    prepare();
    pair_init(&t);
    start(&t.reader, _("the reader"), READER, t.rargs, NULL);
    st = await(&t.reader, &seen);
    if (st != BLOCKED) {
        stop(&t.reader);
        finish1(&t.reader);
        ck_abort_msg(_("the reader was started alone, before any writer (-n %s); expected it to "
                       "block on a semaphore until a writer comes; it was %s\n%s"),
                     t.name, state_text(st, &seen, text, sizeof text), how(&t.reader, r, sizeof r));
    }
    start(&t.writer, _("the writer"), WRITER, t.wargs, NULL);
    finish2(&t.writer, &t.reader);
    if (strstr(t.reader.res.out, t.message) == NULL || !t.reader.res.exited ||
        t.reader.res.exit_status != 0 || t.reader.stuck || t.reader.stopped)
        FAIL_PAIR(&t,
                  _("the reader, started first, blocked as it should; then the writer was started "
                    "with \"%s\": expected the reader to print it and exit 0; it printed %s"),
                  t.message, excerpt(t.reader.res.out, out, sizeof out));
    pair_free(&t);
}
END_TEST

START_TEST(object_size)
{
    struct pair t;
    char text[400], path[300], w[1400];

    prepare();
    pair_init(&t);
    pair_start_writer(&t);
    stop(&t.writer);
    finish1(&t.writer);
    ck_assert_msg(t.writer_state == BLOCKED,
                  _("the writer was started alone (-n %s): expected it to create the object, "
                    "write, then block on a semaphore until a reader comes; it was %s\n%s"),
                  t.name, state_text(t.writer_state, &t.writer_seen, text, sizeof text),
                  how(&t.writer, w, sizeof w));
    ck_assert_msg(t.object_created,
                  _("while the writer waited for the reader, %s did not exist: the object must "
                    "exist until the reader has read it\n%s"),
                  object_path(t.name, path, sizeof path), how(&t.writer, w, sizeof w));
    ck_assert_msg(t.object.st_size == OBJECT_SIZE,
                  _("while the writer waited for the reader, %s was %lld bytes long; expected %d "
                    "(MESSAGE_SIZE, given with ftruncate)"),
                  object_path(t.name, path, sizeof path), (long long)t.object.st_size, OBJECT_SIZE);
    pair_free(&t);
}
END_TEST

START_TEST(object_mode)
{
    struct pair t;
    char path[300], w[1400];

    prepare();
    pair_init(&t);
    pair_start_writer(&t);
    stop(&t.writer);
    finish1(&t.writer);
    ck_assert_msg(t.object_created,
                  _("the writer was started (-n %s, umask 022): expected it to create %s; it did "
                    "not\n%s"),
                  t.name, object_path(t.name, path, sizeof path), how(&t.writer, w, sizeof w));
    ck_assert_msg((t.object.st_mode & 07777) == OBJECT_MODE,
                  _("the writer created %s with the access rights 0%o (under umask 022); expected "
                    "0%o (MESSAGE_MODE): read and write for the owner only"),
                  object_path(t.name, path, sizeof path), (unsigned)(t.object.st_mode & 07777),
                  OBJECT_MODE);
    pair_free(&t);
}
END_TEST

START_TEST(no_sigbus)
{
    struct pair t;
    char w[1400], r[1400];

    prepare();
    pair_init(&t);
    pair_run(&t);
    ck_assert_msg(t.object_created,
                  _("this test needs the writer to create the object first: started with -n %s, "
                    "it did not create it\n%s"),
                  t.name, how(&t.writer, w, sizeof w));
    ck_assert_msg(!(t.writer.res.signaled && t.writer.res.signal == SIGBUS),
                  _("the writer was killed by SIGBUS (Bus error): it wrote into its mapping "
                    "while the object was still 0 bytes long; call ftruncate(fd, sizeof(struct "
                    "message)) right after shm_open, before touching the memory\n%s"),
                  how(&t.writer, w, sizeof w));
    ck_assert_msg(!(t.reader.res.signaled && t.reader.res.signal == SIGBUS),
                  _("the reader was killed by SIGBUS (Bus error): it read a page of its mapping "
                    "beyond the end of the object (check the size with fstat before mmap)\n%s"),
                  how(&t.reader, r, sizeof r));
    pair_free(&t);
}
END_TEST

START_TEST(object_unlinked)
{
    struct pair t;
    char path[300];

    prepare();
    pair_init(&t);
    pair_run(&t);
    require_round_trip(&t);
    if (object_exists(t.name, NULL))
        FAIL_PAIR(&t,
                  _("after both programs ended, %s still existed: the object outlives the "
                    "processes until shm_unlink removes its name"),
                  object_path(t.name, path, sizeof path));
    pair_free(&t);
}
END_TEST

START_TEST(semaphores_unlinked)
{
    struct pair t;
    char left[1024];
    int count;

    prepare();
    pair_init(&t);
    pair_run(&t);
    require_round_trip(&t);
    count = ipc_leftovers(NULL, 0, left, sizeof left) - object_exists(t.name, NULL);
    if (count > 0)
        FAIL_PAIR(&t,
                  _("after both programs ended, %d object(s) besides %s were left (a named "
                    "semaphore is /dev/shm/sem.NAME and stays until sem_unlink): %s"),
                  count, t.name, left);
    pair_free(&t);
}
END_TEST

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
    start(&p, who, program, args, NULL);
    st = await(&p, &seen);
    stop(&p);
    finish1(&p);
    list_entries(&after);
    ck_assert_msg(st == ENDED,
                  _("%s was started with -n \"%s\", a name that breaks the rules (a '/' first, "
                    "then no other '/'); expected it to stop; it was %s\n%s"),
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

START_TEST(name_rules)
{
    char noslash[64], inner[64], twoslash[64], path[300], out[160];
    const char *bad[5];
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

    snprintf(noslash, sizeof noslash, "lab04-%d-noslash", (int)getpid());
    snprintf(inner, sizeof inner, "/lab04-%d/inner", (int)getpid());
    snprintf(twoslash, sizeof twoslash, "//lab04-%d-twoslash", (int)getpid());
    bad[0] = noslash;
    bad[1] = inner;
    bad[2] = twoslash;
    bad[3] = "/";
    bad[4] = "";
    for (i = 0; i < 5; i++) {
        check_rejected(WRITER, _("the writer"), bad[i]);
        check_rejected(READER, _("the reader"), bad[i]);
    }
}
END_TEST

/* A failed mmap in `who`: stopped with a message and a non-zero status, no crash. */
static void assert_mmap_failure_reported(struct prog *p, enum state st, const struct sample *seen)
{
    char text[400], desc[1400];

    ck_assert_msg(
        st == ENDED,
        _("the grader made %s's mmap fail with ENOMEM; expected it to stop; it was %s\n%s"), p->who,
        state_text(st, seen, text, sizeof text), how(p, desc, sizeof desc));
    ck_assert_msg(!p->res.signaled,
                  _("the grader made %s's mmap fail with ENOMEM: mmap returned MAP_FAILED, "
                    "which is (void *) -1, not NULL; expected %s to report it and stop, but it "
                    "used it\n%s"),
                  p->who, p->who, how(p, desc, sizeof desc));
    ck_assert_msg(p->res.exited && p->res.exit_status != 0,
                  _("the grader made %s's mmap fail with ENOMEM; expected a non-zero exit "
                    "status\n%s"),
                  p->who, how(p, desc, sizeof desc));
    ck_assert_msg(p->res.err[0] != '\0',
                  _("the grader made %s's mmap fail with ENOMEM; expected a message on standard "
                    "error (die(\"mmap\")); it printed none"),
                  p->who);
}

START_TEST(writer_mmap_failure)
{
    struct pair t;
    struct sample seen;
    enum state st;

    prepare();
    require_writer_creates();
    pair_init(&t);
    start(&t.writer, _("the writer"), WRITER, t.wargs, "mmap:ENOMEM");
    st = await(&t.writer, &seen);
    stop(&t.writer);
    finish1(&t.writer);
    assert_mmap_failure_reported(&t.writer, st, &seen);
    pair_free(&t);
}
END_TEST

START_TEST(reader_mmap_failure)
{
    struct pair t;
    struct sample seen;
    enum state st;
    char text[400], w[1400];

    prepare();
    pair_init(&t);
    pair_start_writer(&t);
    if (t.writer_state != BLOCKED) {
        stop(&t.writer);
        finish1(&t.writer);
        ck_abort_msg(_("this test needs the writer to work first: started alone (-n %s), it should "
                       "write, then wait for the reader; it was %s\n%s"),
                     t.name, state_text(t.writer_state, &t.writer_seen, text, sizeof text),
                     how(&t.writer, w, sizeof w));
    }
    start(&t.reader, _("the reader"), READER, t.rargs, "mmap:ENOMEM");
    st = await(&t.reader, &seen);
    stop(&t.reader);
    stop(&t.writer);
    finish2(&t.writer, &t.reader);
    assert_mmap_failure_reported(&t.reader, st, &seen);
    pair_free(&t);
}
END_TEST

static const struct graded_test tests[] = {
    {.test = &round_trip,
     .points = 3,
     .title = "the reader prints the writer's message; both exit 0",
     .hint = "The writer creates the object, sizes it, maps it, writes the message and posts the "
             "semaphore the reader waits on; the reader then maps the object and prints the "
             "message. Notes, section 8 (POSIX shared memory and semaphores)."},
    {.test = &reader_waits,
     .points = 2,
     .title = "a reader started first blocks on a semaphore until the writer has written",
     .hint = "The reader must be able to start first: open the semaphores with O_CREAT (no O_EXCL) "
             "and block in sem_wait. No loop around sem_trywait or a flag, no sleep(): that is "
             "polling. Notes, section 8."},
    {.test = &object_size,
     .points = 2,
     .title = "while the writer waits, /dev/shm/NAME exists and is 4096 bytes long",
     .hint = "A new object is 0 bytes long: ftruncate(fd, sizeof(struct message)) gives it its "
             "size. The writer keeps the object until the reader has read it. Notes, section 8."},
    {.test = &object_mode,
     .points = 1,
     .title = "the object is created with the access rights 0600",
     .hint = "The third argument of shm_open is the mode: MESSAGE_MODE (0600), not 0666. Notes, "
             "sections 3 and 8."},
    {.test = &no_sigbus,
     .points = 1,
     .title = "no SIGBUS: the object has its size before the memory is touched",
     .hint = "Touching a mapping beyond the end of the object raises SIGBUS. Call ftruncate right "
             "after shm_open, before writing. Notes, section 8."},
    {.test = &name_rules,
     .points = 2,
     .title = "invalid names are rejected by both programs, and nothing is created",
     .hint = "A valid name is a '/' followed by characters other than '/'. glibc accepts \"demo\" "
             "and \"//demo\": check the name yourself, before any shm_open or sem_open, and exit "
             "with a message and a non-zero status. Notes, section 8."},
    {.test = &object_unlinked,
     .points = 2,
     .title = "the object is removed at the end (shm_unlink)",
     .hint = "Like a System V segment, a POSIX object outlives its processes: the writer removes "
             "it with shm_unlink once the reader is done. Notes, section 8."},
    {.test = &semaphores_unlinked,
     .points = 1,
     .title = "the named semaphores are removed at the end (sem_unlink)",
     .hint = "sem_close only closes a named semaphore; sem_unlink removes its name "
             "(/dev/shm/sem.NAME). Notes, section 8."},
    {.test = &writer_mmap_failure,
     .points = 1,
     .title = "a failed mmap in the writer is reported, not used",
     .hint = "mmap returns MAP_FAILED ((void *) -1) on failure, not NULL: `if (p == MAP_FAILED)`. "
             "Notes, section 8."},
    {.test = &reader_mmap_failure,
     .points = 1,
     .title = "a failed mmap in the reader is reported, not used",
     .hint = "mmap returns MAP_FAILED ((void *) -1) on failure, not NULL: `if (p == MAP_FAILED)`. "
             "Notes, section 8."},
    END_OF_TESTS,
};

static const struct lab lab = {
    .name = "04-posix-shm",
    .programs = WRITER " " READER,
    .tests = tests,
    .seconds = 0.9, /* the solution, bench/02-speed: the runner starts the longest labs first */
};

LAB_MAIN(lab)

/*
 * failures.c - the failures the programs must report: calls the grader
 * makes fail (the sandbox's faults: mmap, shm_open, ftruncate, the
 * semaphores' creation, the removals), and an object already there when
 * the writer starts. A program that meets one must stop with a message on
 * standard error and a non-zero status, without using the failed value,
 * and the writer must leave no object of its own behind.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../po/i18n.h"
#include "suite.h"

#include "lab04.h"

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
    st = run_alone(&t.writer, _("the writer"), WRITER, t.wargs, "mmap:ENOMEM", &seen);
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

/* ---- an object already there, and calls the grader makes fail ----------- */

/* Make /dev/shm/NAME as the programs' user would: size bytes, mode, text first. */
static void grader_object(const char *name, const char *text)
{
    char path[300];
    int fd;

    object_path(name, path, sizeof path);
    fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, OBJECT_MODE);
    ck_assert_msg(fd != -1, _("grader: cannot create %s: %s"), path, strerror(errno));
    ck_assert_msg(ftruncate(fd, OBJECT_SIZE) == 0 &&
                      pwrite(fd, text, strlen(text) + 1, 0) == (ssize_t)strlen(text) + 1 &&
                      fchown(fd, sb_uid(), sb_gid()) == 0 && fchmod(fd, OBJECT_MODE) == 0,
                  _("grader: cannot prepare %s: %s"), path, strerror(errno));
    close(fd);
}

/* The first size bytes of /dev/shm/NAME ("" if it cannot be read). */
static void read_object(const char *name, char *buf, size_t size)
{
    char path[300];
    ssize_t n = -1;
    int fd = open(object_path(name, path, sizeof path), O_RDONLY | O_CLOEXEC);

    memset(buf, 0, size);
    if (fd != -1) {
        n = pread(fd, buf, size - 1, 0);
        close(fd);
    }
    if (n < 0)
        buf[0] = '\0';
}

/* A program the grader made fail: it stopped, not killed, non-zero, with a message. */
void assert_stopped_with_message(const struct prog *p, enum state st, const struct sample *seen,
                                 const char *situation)
{
    char text[400], desc[1400];

    ck_assert_msg(st == ENDED, _("%s, expected %s to stop; it was %s\n%s"), situation, p->who,
                  state_text(st, seen, text, sizeof text), how(p, desc, sizeof desc));
    ck_assert_msg(!p->res.signaled,
                  _("%s, expected %s to report it and stop; it was killed by a signal (a failure "
                    "value used as if the call had worked?)\n%s"),
                  situation, p->who, how(p, desc, sizeof desc));
    ck_assert_msg(p->res.exited && p->res.exit_status != 0,
                  _("%s, expected %s to stop with a non-zero exit status\n%s"), situation, p->who,
                  how(p, desc, sizeof desc));
    ck_assert_msg(p->res.err[0] != '\0',
                  _("%s, expected %s to say why on standard error (die or perror); it printed "
                    "nothing there"),
                  situation, p->who);
}

/* A failed call's -1 handed to the next call, as the trace shows it. */
static void assert_failure_not_used(const struct prog *p, const char *situation)
{
    char desc[1400];

    ck_assert_msg(strstr(p->res.trace, "ftruncate(-1,") == NULL &&
                      strstr(p->res.trace, "fstat(-1)") == NULL &&
                      strstr(p->res.trace, "MAP_SHARED, -1,") == NULL,
                  _("%s, %s went on with the descriptor -1 (ftruncate, fstat or mmap of -1): "
                    "shm_open had failed; check its result and stop there\n%s"),
                  situation, p->who, how(p, desc, sizeof desc));
}

/* Did the program make the call the grader made fail? */
static int fault_used(const struct prog *p)
{
    return p->waited && strstr(p->res.trace, "failure injected") != NULL;
}

/*
 * The fault as feedback says it: "when the grader made the writer's
 * sem_open fail (ENOMEM:2)" for "sem_open:ENOMEM:2" in the writer
 * (in_writer 1) or the reader (0). Two whole sentences, so that a
 * translation may put "the writer's" where its language wants it.
 */
static void fault_situation(int in_writer, const char *fault, char *buf, size_t size)
{
    int call = (int)strcspn(fault, ":"); /* "sem_open": what comes before the first ':' */

    snprintf(buf, size,
             in_writer ? _("when the grader made the writer's %.*s fail (%s)")
                       : _("when the grader made the reader's %.*s fail (%s)"),
             call, fault, fault + call + 1);
}

/* How many times the trace shows the call ("sem_open" counts " sem_open("). */
static int calls_of(const char *trace, const char *call)
{
    char pattern[40];
    int n = 0;
    const char *at = trace;

    snprintf(pattern, sizeof pattern, " %s(", call);
    while ((at = strstr(at, pattern)) != NULL) {
        n++;
        at += strlen(pattern);
    }
    return n;
}

/* The fault that makes the semaphores' creation fail, whatever their kind; NULL: none seen. */
static const char *semaphore_fault(const char *trace, int nth, char *buf, size_t size)
{
    static const struct {
        const char *call, *err;
    } kinds[] = {{"sem_open", "ENOMEM"}, {"semget", "ENOSPC"}, {"sem_init", "EINVAL"}};
    size_t i;

    for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (calls_of(trace, kinds[i].call) >= nth) {
            snprintf(buf, size, "%s:%s:%d", kinds[i].call, kinds[i].err, nth);
            return buf;
        }
    return NULL;
}

START_TEST(writer_existing_object)
{
    struct pair t;
    struct sample seen;
    enum state st;
    char canary[96], after[96], path[300], situation[400], desc[1400];

    prepare();
    require_writer_creates();
    pair_init(&t);
    snprintf(canary, sizeof canary, "another writer's message %ld", fresh_value());
    grader_object(t.name, canary);
    snprintf(situation, sizeof situation,
             _("the grader made %s first, as another writer (or a crashed run) would leave it"),
             object_path(t.name, path, sizeof path));
    st = run_alone(&t.writer, _("the writer"), WRITER, t.wargs, NULL, &seen);
    assert_stopped_with_message(&t.writer, st, &seen, situation);
    read_object(t.name, after, sizeof after);
    ck_assert_msg(object_exists(t.name, NULL) && strcmp(after, canary) == 0,
                  _("%s: expected the writer to leave it as it was (O_CREAT | O_EXCL: shm_open "
                    "fails with EEXIST); it %s\n%s"),
                  situation, object_exists(t.name, NULL) ? _("wrote in it") : _("removed it"),
                  how(&t.writer, desc, sizeof desc));
    pair_free(&t);
}
END_TEST

/* The writer alone, with `fault`: it stops, says why, and leaves no object NAME. */
static void check_writer_fault(const char *fault)
{
    struct pair t;
    struct sample seen;
    enum state st;
    char situation[200], path[300], desc[1400];

    pair_init(&t);
    fault_situation(1, fault, situation, sizeof situation);
    st = run_alone(&t.writer, _("the writer"), WRITER, t.wargs, fault, &seen);
    if (st != BUSY && st != UNDECIDED && !fault_used(&t.writer)) {
        pair_free(&t); /* never made that call: another test's business */
        return;
    }
    assert_stopped_with_message(&t.writer, st, &seen, situation);
    assert_failure_not_used(&t.writer, situation);
    ck_assert_msg(!object_exists(t.name, NULL),
                  _("%s, expected the writer to remove the object before stopping "
                    "(die_unlinking); %s was left\n%s"),
                  situation, object_path(t.name, path, sizeof path),
                  how(&t.writer, desc, sizeof desc));
    pair_free(&t);
}

/* The whole run, with `fault` in the writer's removals: the writer reports it. */
static void check_removal_fault(const char *fault)
{
    struct pair t;
    char situation[200], w[1400];

    pair_init(&t);
    fault_situation(1, fault, situation, sizeof situation);
    start(&t.writer, _("the writer"), WRITER, t.wargs, fault);
    t.writer_state = await(&t.writer, &t.writer_seen);
    start(&t.reader, _("the reader"), READER, t.rargs, NULL);
    finish2(&t.writer, &t.reader);
    if (!fault_used(&t.writer)) {
        pair_free(&t); /* never made that call: another test's business */
        return;
    }
    ck_assert_msg(!t.writer.stuck && !t.writer.stopped && !t.writer.res.signaled &&
                      t.writer.res.exited && t.writer.res.exit_status != 0 &&
                      t.writer.res.err[0] != '\0',
                  _("%s, at the end of the run, expected the writer to report it: a message on "
                    "standard error and a non-zero exit status (each removal checked)\n%s"),
                  situation, how(&t.writer, w, sizeof w));
    pair_free(&t);
}

START_TEST(writer_failures)
{
    struct pair t;
    char fault[64];
    const char *trace;
    int n;

    prepare();
    /* A normal run first: which calls the writer makes (the kind of its semaphores is free). */
    pair_init(&t);
    pair_run(&t);
    require_round_trip(&t);
    trace = t.writer.res.trace;

    check_writer_fault("shm_open:EMFILE");
    check_writer_fault("ftruncate:EFBIG");
    for (n = 1; n <= 2; n++)
        if (semaphore_fault(trace, n, fault, sizeof fault) != NULL)
            check_writer_fault(fault);
    check_removal_fault("shm_unlink:EACCES");
    for (n = 1; n <= 2 && n <= calls_of(trace, "sem_unlink"); n++) {
        snprintf(fault, sizeof fault, "sem_unlink:EACCES:%d", n);
        check_removal_fault(fault);
    }
    pair_free(&t);
}
END_TEST

/* The reader with `fault`, alone or while the writer waits: it stops and says why. */
static void check_reader_fault(const char *fault, int with_writer)
{
    struct pair t;
    struct sample seen;
    enum state st;
    char situation[200], text[400], w[1400];

    pair_init(&t);
    fault_situation(0, fault, situation, sizeof situation);
    if (with_writer) {
        pair_start_writer(&t);
        if (t.writer_state != BLOCKED) {
            stop(&t.writer);
            finish1(&t.writer);
            ck_abort_msg(_("this test needs the writer to work first: started alone (-n %s), it "
                           "should write, then wait for the reader; it was %s\n%s"),
                         t.name, state_text(t.writer_state, &t.writer_seen, text, sizeof text),
                         how(&t.writer, w, sizeof w));
        }
    }
    start(&t.reader, _("the reader"), READER, t.rargs, fault);
    st = await(&t.reader, &seen);
    stop(&t.reader);
    if (with_writer) {
        stop(&t.writer);
        finish2(&t.writer, &t.reader);
    } else {
        finish1(&t.reader);
    }
    if (st != BUSY && st != UNDECIDED && !fault_used(&t.reader)) {
        pair_free(&t); /* never made that call: another test's business */
        return;
    }
    assert_stopped_with_message(&t.reader, st, &seen, situation);
    assert_failure_not_used(&t.reader, situation);
    pair_free(&t);
}

START_TEST(reader_failures)
{
    struct pair t;
    char fault[64];
    int n;

    prepare();
    pair_init(&t);
    pair_run(&t);
    require_round_trip(&t);
    for (n = 1; n <= 2; n++)
        if (semaphore_fault(t.reader.res.trace, n, fault, sizeof fault) != NULL)
            check_reader_fault(fault, 0);
    check_reader_fault("shm_open:EACCES", 1);
    pair_free(&t);
}
END_TEST

const struct graded_test failure_tests[] = {
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
    {.test = &writer_existing_object,
     .points = 1,
     .title = "a writer that finds its object already there stops, and leaves it as it was",
     .hint = "shm_open(name, O_CREAT | O_EXCL | O_RDWR, MESSAGE_MODE) fails with EEXIST when the "
             "name is taken: say which file to remove and stop; never write into, nor remove, "
             "another program's object. Notes, section 8."},
    {.test = &writer_failures,
     .points = 1,
     .title = "failed shm_open, ftruncate, semaphore creation and removals in the writer are "
              "reported",
     .hint = "Compare every call with its failure value (-1, MAP_FAILED, SEM_FAILED) and stop "
             "with a message and a non-zero status; once the object exists, remove it before "
             "stopping (die_unlinking). A failed shm_unlink or sem_unlink is an error too. Notes, "
             "section 8."},
    {.test = &reader_failures,
     .points = 1,
     .title = "failed semaphore creation and shm_open in the reader are reported",
     .hint = "Compare sem_open with SEM_FAILED and shm_open with -1, and stop with a message and a "
             "non-zero status, without using the failed value. Notes, section 8."},
    END_OF_TESTS,
};

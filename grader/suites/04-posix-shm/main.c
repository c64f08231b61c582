/*
 * main.c - the tests of lab 04 (shm_writer, shm_reader) that need only the
 * usual run: the message goes through, a reader started first waits, the
 * object's size and rights, no SIGBUS. The others, in the order of the
 * report: names.c (the rules of a name), cleanup.c (nothing left at the
 * end), failures.c (the failures the programs must report), changed.c (an
 * object the grader changed), order.c (the writer posts last). watch.c,
 * objects.c and scenarios.c hold what they share; main.c gathers the
 * tables.
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
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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
    pid_t reader_pid;
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
    /* The reader stopped where it waits: the writer, once it has written, must
     * wait for it, on a semaphore the reader created with the value 0. */
    reader_pid = seen.pid;
    kill(reader_pid, SIGSTOP);
    start(&t.writer, _("the writer"), WRITER, t.wargs, NULL);
    st = await(&t.writer, &seen);
    kill(reader_pid, SIGCONT);
    if (st != BLOCKED) {
        stop(&t.writer);
        stop(&t.reader);
        finish2(&t.writer, &t.reader);
        FAIL_PAIR(&t,
                  _("the reader, started first, blocked as it should; the grader stopped it there "
                    "(SIGSTOP), then started the writer: expected the writer to write, then wait "
                    "for the reader; it was %s (the semaphores the reader created must start at "
                    "0: one that starts at 1 lets the writer go on without the reader)"),
                  state_text(st, &seen, text, sizeof text));
    }
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

/*
 * Semaphores with rights other than MESSAGE_MODE, while the writer waits:
 * the named ones (/dev/shm/sem.*) and System V sets of the programs' user.
 * Describes them in buf; returns how many.
 */
static int wrong_semaphore_modes(char *buf, size_t size)
{
    struct sem_info_row sets[16];
    struct entries e;
    int i, n, count = 0;
    size_t len;

    buf[0] = '\0';
    list_entries(&e);
    for (i = 0; i < e.n; i++) {
        char path[300];
        struct stat st;

        snprintf(path, sizeof path, "/dev/shm/%s", e.name[i]);
        if (strncmp(e.name[i], "sem.", 4) != 0 || stat(path, &st) == -1 ||
            (st.st_mode & 07777) == OBJECT_MODE)
            continue;
        len = strlen(buf);
        snprintf(buf + len, size - len, "%s%s 0%o", count++ ? ", " : "", path,
                 (unsigned)(st.st_mode & 07777));
    }
    n = ipc_list_sem(sets, 16);
    for (i = 0; i < n; i++) {
        if (sets[i].uid != sb_uid() || sets[i].mode == OBJECT_MODE)
            continue;
        len = strlen(buf);
        snprintf(buf + len, size - len, _("%sthe System V set %d 0%o"), count++ ? ", " : "",
                 sets[i].id, sets[i].mode);
    }
    return count;
}

START_TEST(object_mode)
{
    struct pair t;
    char path[300], w[1400], sems[600];
    struct sample seen;
    enum state st;
    int wrong;

    prepare();
    pair_init(&t);
    pair_start_writer(&t);
    wrong = wrong_semaphore_modes(sems, sizeof sems);
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
    ck_assert_msg(wrong == 0,
                  _("while the writer waited (umask 022), its semaphores had other rights than "
                    "0%o (MESSAGE_MODE), which the header gives them too: %s"),
                  OBJECT_MODE, sems);
    pair_free(&t);

    /* A reader started first creates the semaphores: the same rights. */
    pair_init(&t);
    start(&t.reader, _("the reader"), READER, t.rargs, NULL);
    st = await(&t.reader, &seen);
    wrong = st == BLOCKED ? wrong_semaphore_modes(sems, sizeof sems) : 0;
    stop(&t.reader);
    finish1(&t.reader);
    ck_assert_msg(wrong == 0,
                  _("while a reader started first waited (umask 022), the semaphores it created "
                    "had other rights than 0%o (MESSAGE_MODE): %s"),
                  OBJECT_MODE, sems);
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

/*
 * The object's bytes, read while the writer waits: the copy of text found
 * in them (the first 64 characters at least) starts at *from and runs for
 * *run characters. 0, or -1 if the object cannot be read or holds no copy.
 */
static int find_copy(const char *name, const char *text, unsigned char *obj, size_t *from,
                     size_t *run)
{
    char path[300];
    int fd = open(object_path(name, path, sizeof path), O_RDONLY);
    ssize_t n = fd == -1 ? -1 : pread(fd, obj, OBJECT_SIZE, 0);

    if (fd != -1)
        close(fd);
    if (n != OBJECT_SIZE)
        return -1;
    for (size_t o = 0; o + 64 <= OBJECT_SIZE; o++) {
        size_t k = 0;

        while (o + k < OBJECT_SIZE && text[k] != '\0' && obj[o + k] == (unsigned char)text[k])
            k++;
        if (k >= 64) {
            *from = o;
            *run = k;
            return 0;
        }
    }
    return -1;
}

/*
 * A message longer than the object holds must be cut to fit, and
 * terminated: struct message's text ends the object, so the copy runs to
 * the object's last byte but one, and its '\0' is the last byte. A bound one
 * byte short leaves a character out; one byte long writes the '\0' past
 * the object. The reader prints the copy, whole.
 */
START_TEST(long_message)
{
    static char text[OBJECT_SIZE + 500];
    static unsigned char obj[OBJECT_SIZE];
    struct pair t;
    char out[160];
    size_t from = 0, run = 0;
    unsigned long seed = (unsigned long)fresh_value();

    for (size_t i = 0; i + 1 < sizeof text; i++) { /* fresh letters: no hard-coded answer */
        seed = seed * 6364136223846793005UL + 1442695040888963407UL;
        text[i] = (char)('a' + (seed >> 33) % 26);
    }
    text[sizeof text - 1] = '\0';
    prepare();
    pair_init(&t);
    t.wargs[2] = text;
    pair_start_writer(&t);
    int found = t.writer_state == BLOCKED && find_copy(t.name, text, obj, &from, &run) == 0;
    start(&t.reader, _("the reader"), READER, t.rargs, NULL);
    finish2(&t.writer, &t.reader);

    if (t.writer.res.signaled)
        FAIL_PAIR(&t,
                  _("the writer was given a message of %zu characters and crashed: the copy went "
                    "past the end of the object (cut it to sizeof msg->text - 1 characters, then "
                    "the '\\0')"),
                  sizeof text - 1);
    if (!found)
        FAIL_PAIR(&t,
                  _("the writer was given a message of %zu characters: expected the object to "
                    "hold its first characters while the writer waited for the reader; %s"),
                  sizeof text - 1,
                  t.writer_state == BLOCKED ? _("they were not in it") : _("it did not wait"));
    if (from + run < OBJECT_SIZE - 1)
        FAIL_PAIR(&t,
                  _("the writer was given a message of %zu characters: expected it cut to fill "
                    "text, up to the object's last byte but one (%d), then the '\\0'; its last "
                    "character was at byte %zu (a bound too small?)"),
                  sizeof text - 1, OBJECT_SIZE - 2, from + run - 1);
    if (obj[OBJECT_SIZE - 1] != '\0')
        FAIL_PAIR(&t,
                  _("the writer was given a message of %zu characters: expected it cut to fit "
                    "and terminated, a '\\0' in the object's last byte; the copy ran to the end "
                    "without one"),
                  sizeof text - 1);
    text[run] = '\0'; /* what the object holds: the reader prints all of it */
    const char *printed = t.reader.waited ? t.reader.res.out : "";
    const char *at = strstr(printed, text);

    if (at == NULL)
        FAIL_PAIR(&t,
                  _("the object held the message's first %zu characters: expected the reader to "
                    "print them; it printed %s"),
                  run, excerpt(printed, out, sizeof out));
    if (!t.writer.res.exited || t.writer.res.exit_status != 0 || !t.reader.res.exited ||
        t.reader.res.exit_status != 0)
        FAIL_PAIR(&t, _("with a message longer than the object holds, expected both programs to "
                        "end by themselves with exit status 0"));
    pair_free(&t);
}
END_TEST

static const struct graded_test main_tests[] = {
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
     .title = "the object and its semaphores are created with the access rights 0600",
     .hint = "The third argument of shm_open, and of sem_open with O_CREAT, is the mode: "
             "MESSAGE_MODE (0600), not 0666. Notes, sections 3 and 8."},
    {.test = &no_sigbus,
     .points = 1,
     .title = "no SIGBUS: the object has its size before the memory is touched",
     .hint = "Touching a mapping beyond the end of the object raises SIGBUS. Call ftruncate right "
             "after shm_open, before writing. Notes, section 8."},
    {.test = &long_message,
     .points = 1,
     .title = "a message too long for the object arrives cut to fit, and terminated",
     .hint = "Copy at most sizeof msg->text - 1 characters and end them with '\\0': "
             "snprintf(msg->text, sizeof msg->text, \"%s\", text) does both (step 6). A bound "
             "one byte longer writes past the object; one byte shorter loses a character."},
    END_OF_TESTS,
};

static const struct lab lab = {
    .name = LAB_NAME,
    .programs = LAB_PROGRAMS,
    .parts = (const struct graded_test *const[]){main_tests, name_tests, cleanup_tests,
                                                 failure_tests, changed_tests, order_tests, NULL},
    .seconds = 1.7, /* the solution, bench/02-speed: the runner starts the longest labs first */
};

LAB_MAIN(lab)

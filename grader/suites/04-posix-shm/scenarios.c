/*
 * scenarios.c - the runs the tests share: one program alone, or the writer
 * first, then the reader.
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

/*
 * run_alone - start the program alone, wait until it blocks, ends or looks
 * busy (await), then stop it if it still runs and collect its result.
 * Returns what await() saw; *seen receives the last look at its process.
 */
enum state run_alone(struct prog *p, const char *who, const char *program, const char *const *args,
                     const char *fail, struct sample *seen)
{
    enum state st;

    start(p, who, program, args, fail);
    st = await(p, seen);
    stop(p);
    finish1(p);
    return st;
}

void pair_init(struct pair *t)
{
    memset(t, 0, sizeof *t);
    fresh_name(t->name, sizeof t->name);
    snprintf(t->message, sizeof t->message, "posix message %ld", fresh_value());
    t->wargs[0] = "-n";
    t->wargs[1] = t->name;
    t->wargs[2] = t->message;
    t->rargs[0] = "-n";
    t->rargs[1] = t->name;
}

/* Start the writer and wait until it blocks (or ends, or looks busy). */
void pair_start_writer(struct pair *t)
{
    start(&t->writer, _("the writer"), WRITER, t->wargs, NULL);
    t->writer_state = await(&t->writer, &t->writer_seen);
    t->object_created = object_exists(t->name, &t->object);
}

/* The whole run: writer, then reader, both to the end. */
void pair_run(struct pair *t)
{
    pair_start_writer(t);
    start(&t->reader, _("the reader"), READER, t->rargs, NULL);
    finish2(&t->writer, &t->reader);
}

void pair_free(struct pair *t)
{
    if (t->writer.waited)
        sb_result_free(&t->writer.res);
    if (t->reader.waited)
        sb_result_free(&t->reader.res);
}

/* Did the message go through: reader printed it, both exited 0? */
int round_trip_ok(const struct pair *t)
{
    return t->reader.waited && strstr(t->reader.res.out, t->message) != NULL && !t->writer.stuck &&
           !t->writer.stopped && !t->reader.stuck && !t->reader.stopped && t->writer.res.exited &&
           t->writer.res.exit_status == 0 && t->reader.res.exited && t->reader.res.exit_status == 0;
}

/* The precondition of the tests of one point: the pair must work. */
void require_round_trip(struct pair *t)
{
    char out[160];

    if (!round_trip_ok(t))
        FAIL_PAIR(t,
                  _("this test needs the pair to work first (see the test round_trip): writer "
                    "started with -n %s \"%s\", then the reader, which printed %s"),
                  t->name, t->message, excerpt(t->reader.res.out, out, sizeof out));
}

/* The precondition of the failure tests: with a valid name, the writer creates the object. */
void require_writer_creates(void)
{
    struct pair t;
    char w[1400];

    pair_init(&t);
    pair_start_writer(&t);
    stop(&t.writer);
    finish1(&t.writer);
    ck_assert_msg(t.object_created,
                  _("this test needs the writer to work first: started with -n %s \"%s\", it did "
                    "not create the object %s (see the test object_size)\n%s"),
                  t.name, t.message, t.name, how(&t.writer, w, sizeof w));
    pair_free(&t);
}

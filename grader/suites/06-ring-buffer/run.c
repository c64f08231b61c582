/*
 * run.c - how the grader runs ring: its command line for a configuration,
 * run whole or started to be watched, and the clock the watching tests use.
 */
#include <stdio.h>
#include <time.h>

#include "../../po/i18n.h"
#include "suite.h"
#include "lab06.h"

/* The command line of one run: -s SLOTS -p PRODUCERS -c CONSUMERS -n ITEMS. */
struct ring_args {
    char number[4][16];
    const char *argv[9]; /* NULL-terminated, as sb_spec.args wants it */
};

/*
 * Fill spec (all else zero) to run ring with the configuration c; its
 * arguments are kept in *a, which must last until the program is started.
 */
static void ring_spec(const struct config *c, struct ring_args *a, struct sb_spec *spec)
{
    static const char *const flag[4] = {"-s", "-p", "-c", "-n"};
    const int value[4] = {c->slots, c->producers, c->consumers, c->items};
    const struct sb_spec none = {0};
    int i;

    for (i = 0; i < 4; i++) {
        snprintf(a->number[i], sizeof a->number[i], "%d", value[i]);
        a->argv[2 * i] = flag[i];
        a->argv[2 * i + 1] = a->number[i];
    }
    a->argv[8] = NULL;
    *spec = none;
    spec->program = PROGRAM;
    spec->args = a->argv;
}

void run_ring(const struct config *c, const char *fail, struct sb_result *res)
{
    struct ring_args a;
    struct sb_spec spec;

    ring_spec(c, &a, &spec);
    spec.fail = fail;
    spec.timeout = RUN_TIMEOUT;
    sb_run(&spec, res);
}

struct sb_proc *start_ring(const struct config *c, double timeout)
{
    struct ring_args a;
    struct sb_spec spec;
    struct sb_proc *proc;

    ring_spec(c, &a, &spec);
    spec.timeout = timeout;
    proc = sb_start(&spec); /* it has forked: the arguments may go now */
    ck_assert_msg(proc != NULL, _("grader: could not start the program"));
    return proc;
}

const char *command(const struct config *c, char *buf, size_t size)
{
    snprintf(buf, size, "ring -s %d -p %d -c %d -n %d", c->slots, c->producers, c->consumers,
             c->items);
    return buf;
}

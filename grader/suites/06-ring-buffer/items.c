/*
 * items.c - the items a run of ring printed, read back from its output and
 * counted against what its producers made; and the verdict on a run: it
 * ended by itself, with status 0, and printed every item exactly once.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../po/i18n.h"
#include "suite.h"
#include "lab06.h"

/* Copy line[0..len) into buf as a quoted excerpt on one line. */
static void quote_line(const char *line, size_t len, char *buf, size_t size)
{
    if (len > 80)
        /* TRANSLATORS: a quotation of a line of the output. */
        snprintf(buf, size, _("\"%.80s ...\""), line);
    else
        snprintf(buf, size, _("\"%.*s\""), (int)len, line);
}

/*
 * Copy the line that starts at `line` into buf (cut to size - 1 characters,
 * without its newline); return where the next line starts, or NULL at the end.
 */
static const char *next_line(const char *line, char *buf, size_t size, size_t *len)
{
    const char *end = strchr(line, '\n');
    size_t n = end != NULL ? (size_t)(end - line) : strlen(line);

    *len = n < size - 1 ? n : size - 1;
    memcpy(buf, line, *len);
    buf[*len] = '\0';
    if (end != NULL)
        return end + 1;
    return *line != '\0' ? line + n : NULL;
}

/*
 * Count the items printed in text against the expected PRODUCERS x ITEMS.
 * Returns 1 if each expected item appears exactly once and nothing else does.
 */
int tally_items(const char *text, const struct config *c, struct tally *t)
{
    long total = (long)c->producers * c->items, i, v[3], minp = LONG_MAX, mins = LONG_MAX;
    unsigned *seen = calloc((size_t)total + 1, sizeof *seen);
    const char *line;
    char buf[256];
    size_t len;

    ck_assert_msg(seen != NULL, _("grader: out of memory"));
    memset(t, 0, sizeof *t);
    /* First pass: does the numbering start at 0 or at 1? */
    for (line = text; line != NULL && *line != '\0';) {
        line = next_line(line, buf, sizeof buf, &len);
        if (find_integers(buf, v, 3) != 2)
            continue;
        minp = v[0] < minp ? v[0] : minp;
        mins = v[1] < mins ? v[1] : mins;
    }
    t->base_p = minp == 1;
    t->base_s = mins == 1;
    /* Second pass: count each item. */
    for (line = text; line != NULL && *line != '\0';) {
        long p, s;

        line = next_line(line, buf, sizeof buf, &len);
        if (find_integers(buf, v, 3) != 2) {
            if (strspn(buf, " \t\r") < len && t->other_lines++ == 0)
                quote_line(buf, len, t->other, sizeof t->other);
            continue;
        }
        t->item_lines++;
        p = v[0] - t->base_p;
        s = v[1] - t->base_s;
        if (p < 0 || p >= c->producers || s < 0 || s >= c->items) {
            if (t->invented++ == 0)
                snprintf(t->first_invented, sizeof t->first_invented, _("\"%ld %ld\""), v[0], v[1]);
            continue;
        }
        if (++seen[p * c->items + s] == 2 && t->duplicated++ == 0)
            snprintf(t->first_duplicated, sizeof t->first_duplicated, _("\"%ld %ld\""), v[0], v[1]);
    }
    for (i = 0; i < total; i++)
        if (seen[i] == 0 && t->missing++ == 0)
            snprintf(t->first_missing, sizeof t->first_missing, _("\"%ld %ld\""),
                     i / c->items + t->base_p, i % c->items + t->base_s);
    free(seen);
    return t->missing == 0 && t->duplicated == 0 && t->invented == 0 && t->item_lines == total;
}

/* One paragraph on what the output held, for a failure message. */
static const char *describe_tally(const struct tally *t, const struct config *c, char *buf,
                                  size_t size)
{
    size_t n;

    snprintf(buf, size, _("%ld lines with two numbers (items) for %ld expected"), t->item_lines,
             (long)c->producers * c->items);
    n = strlen(buf);
    if (t->missing > 0 && n < size)
        snprintf(buf + n, size - n, _("; lost (never printed): %ld item(s), e.g. %s"), t->missing,
                 t->first_missing);
    n = strlen(buf);
    if (t->duplicated > 0 && n < size)
        snprintf(buf + n, size - n, _("; printed more than once: %ld item(s), e.g. %s"),
                 t->duplicated, t->first_duplicated);
    n = strlen(buf);
    if (t->invented > 0 && n < size)
        snprintf(buf + n, size - n,
                 _("; made by no producer (a number out of range): %ld item(s), e.g. %s"),
                 t->invented, t->first_invented);
    n = strlen(buf);
    if (t->item_lines == 0 && t->other_lines > 0 && n < size)
        snprintf(buf + n, size - n,
                 _("; ignored: %ld other lines, e.g. %s (an item's line must hold exactly two "
                   "numbers: the producer's, then the sequence number)"),
                 t->other_lines, t->other);
    return buf;
}

/*
 * Fail the test unless the run of c ended on its own with status 0 and
 * printed every item exactly once. With whole, the output must have been
 * read whole; without, the items are counted only if it was. context starts
 * every failure message ("" for none).
 */
static void check_run(const struct sb_result *res, const struct config *c, const char *context,
                      int whole)
{
    struct tally t;
    char cmd[96], how[1024], what[768];
    int ok;

    ok = tally_items(res->out, c, &t);
    describe_tally(&t, c, what, sizeof what);
    command(c, cmd, sizeof cmd);
    ck_assert_msg(!res->timed_out, _("%s`%s` %s.\nBefore it was stopped, the output held %s."),
                  context, cmd, sb_describe(res, how, sizeof how), what);
    if (whole)
        ck_assert_msg(!res->out_truncated,
                      _("%s`%s`: the output was longer than the grader reads (64 KiB), so items "
                        "were cut off; keep each item's line under %d characters (\"2 17\" is "
                        "enough)."),
                      context, cmd, LINE_BUDGET);
    ck_assert_msg(!res->signaled && res->exited && res->exit_status == 0,
                  _("%s`%s`: expected exit status 0; the program %s.\nIts output held %s."),
                  context, cmd, sb_describe(res, how, sizeof how), what);
    /* An output cut off lacks the items that came after the cut. */
    ck_assert_msg(ok || res->out_truncated,
                  _("%s`%s`: expected each of the %d x %d items exactly once; the output held %s."),
                  context, cmd, c->producers, c->items, what);
}

void check_transfer(const struct config *c, struct sb_result *keep, const char *context)
{
    struct sb_result res;

    run_ring(c, NULL, &res);
    check_run(&res, c, context, 1);
    if (keep != NULL)
        *keep = res;
    else
        sb_result_free(&res);
}

void check_ended(struct sb_proc *proc, const struct config *c, const char *context)
{
    struct sb_result res;

    sb_wait(proc, &res);
    check_run(&res, c, context, 0);
    sb_result_free(&res);
}

/* A small run, fewer items than slots: the program must work first. */
const struct config small_run = {4, 1, 1, 3};

void check_small_run(struct sb_result *res)
{
    check_transfer(&small_run, res,
                   _("this test needs the program to work first (see one_to_one): "));
}

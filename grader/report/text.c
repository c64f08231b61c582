/*
 * report_text.c - the report a student reads: one line per test, and under a
 * failed test what was expected, what was seen, and a hint. Its words follow
 * the user's language (i18n.h); PASS and FAIL stay as they are, for scripts.
 */
#include <string.h>

#include "report.h"

void lab_totals(const struct lab_report *lab, int *points, int *max)
{
    result_totals(lab->results, lab->n, points, max);
}

const struct result *report_first_failure(const struct report *r, const struct lab_report **lab)
{
    int i, j;

    for (i = 0; i < r->n; i++)
        for (j = 0; j < r->labs[i].n; j++)
            if (r->labs[i].results[j].status != STATUS_PASSED) {
                *lab = &r->labs[i];
                return &r->labs[i].results[j];
            }
    return NULL;
}

void report_totals(const struct report *r, int *points, int *max)
{
    int i, p, m;

    *points = *max = 0;
    for (i = 0; i < r->n; i++) {
        lab_totals(&r->labs[i], &p, &m);
        *points += p;
        *max += m;
    }
}

/* Print text indented, line by line, at most `lines` lines. */
static void indent(FILE *f, const char *prefix, const char *text, int lines)
{
    while (*text != '\0' && lines-- > 0) {
        size_t n = strcspn(text, "\n");

        fprintf(f, "%s%.*s\n", prefix, (int)n, text);
        text += n;
        if (*text == '\n')
            text++;
    }
    if (*text != '\0')
        fprintf(f, "%s...\n", prefix);
}

int report_text(FILE *f, const struct report *r, int colour)
{
    const char *green = colour ? "\033[32m" : "", *red = colour ? "\033[31m" : "";
    const char *bold = colour ? "\033[1m" : "", *off = colour ? "\033[0m" : "";
    int i, j, p, m;

    for (i = 0; i < r->n; i++) {
        const struct lab_report *lab = &r->labs[i];

        fprintf(f, "%s%s%s\n", bold, lab->name, off);
        if (!lab->found) {
            fprintf(f, "  %sFAIL%s  ", red, off);
            fprintf(f, _("folder %s not found in the submission\n"), lab->name);
        } else if (!lab->built) {
            fprintf(f, "  %sFAIL%s  %s\n", red, off,
                    _("the programs did not compile; the compiler said:"));
            indent(f, "        ", lab->build_log, 30);
        } else if (lab->build_log[0] != '\0') {
            fprintf(f, "  %s\n",
                    _("build: compiled with warnings (fix them: each one is a possible bug):"));
            indent(f, "        ", lab->build_log, 20);
        }
        for (j = 0; j < lab->n; j++) {
            const struct result *t = &lab->results[j];
            int passed = t->status == STATUS_PASSED, not_run = t->status == STATUS_NOT_RUN;
            /* SKIP: a test not run (--fail-fast stopped the lab before it) is not a mistake. */
            const char *verdict = passed ? "PASS" : not_run ? "SKIP" : "FAIL";
            const char *on = passed ? green : not_run ? "" : red;

            fprintf(f, "  %s%s%s  %d/%d  %s: %s\n", on, verdict, on[0] != '\0' ? off : "",
                    t->points, t->max, t->id, t->title);
            if (passed || !lab->built || !lab->found)
                continue;
            if (not_run && t->message[0] == '\0') {
                fprintf(f, "        %s\n",
                        _("not run: the lab stopped at an earlier failing test"));
                continue;
            }
            if (t->hidden) {
                fprintf(f, "        %s\n",
                        _("(a hidden test: its details are shown after grading)"));
                continue;
            }
            indent(f, "        ", t->message, 12);
            fprintf(f, "        %s %s\n", _("hint:"), t->hint);
        }
        lab_totals(lab, &p, &m);
        fprintf(f, "  %s", bold);
        fprintf(f, _("total %d/%d"), p, m);
        fprintf(f, "%s\n", off);
        /* A lab not started yet (a fresh skeleton): say where to begin. */
        if (lab->found && lab->built && p == 0 && m > 0) {
            fprintf(f, "  ");
            fprintf(f,
                    _("next: follow the handout of %s (README.md; in English, README.en.md) "
                      "and complete its TODOs in order, from TODO 1"),
                    lab->name);
            fprintf(f, "\n");
        }
        fprintf(f, "\n");
    }
    if (r->mode != NULL && r->mode[0] != '\0')
        fprintf(f, "%s\n", r->mode);
    report_totals(r, &p, &m);
    fprintf(f, "%s", bold);
    fprintf(f, _("overall %d/%d"), p, m);
    fprintf(f, "%s\n", off);
    return ferror(f) ? -1 : 0;
}

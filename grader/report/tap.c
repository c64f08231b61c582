/*
 * report_tap.c - Test Anything Protocol (version 13): one line per test,
 * details of a failure as a YAML block that TAP consumers show.
 */
#include <string.h>

#include "report.h"

/* Print text as an indented YAML literal block. */
static void yaml_block(FILE *f, const char *key, const char *text)
{
    fprintf(f, "    %s: |\n", key);
    while (*text != '\0') {
        size_t n = strcspn(text, "\n");

        fprintf(f, "      %.*s\n", (int)n, text);
        text += n;
        if (*text == '\n')
            text++;
    }
}

/* A TAP description may not contain '#' (it starts a directive) nor a newline. */
static void description(FILE *f, const char *lab, const char *id, const char *title)
{
    const char *s;

    fprintf(f, "%s: %s - ", lab, id);
    for (s = title; *s != '\0'; s++)
        fputc(*s == '#' || *s == '\n' ? ' ' : *s, f);
}

int report_tap(FILE *f, const struct report *r)
{
    int i, j, total = 0, k = 0;

    for (i = 0; i < r->n; i++)
        total += r->labs[i].n + 1;
    fprintf(f, "TAP version 13\n1..%d\n# %s\n", total, r->mode);
    for (i = 0; i < r->n; i++) {
        const struct lab_report *lab = &r->labs[i];
        int ok = lab->found && lab->built;

        fprintf(f, "%s %d - %s: build\n", ok ? "ok" : "not ok", ++k, lab->name);
        if (!ok || lab->build_log[0] != '\0') {
            fprintf(f, "  ---\n");
            yaml_block(f, "message",
                       lab->found ? lab->build_log : _("folder not found in the submission"));
            fprintf(f, "  ...\n");
        }
        for (j = 0; j < lab->n; j++) {
            const struct result *t = &lab->results[j];
            int passed = t->status == STATUS_PASSED;

            fprintf(f, "%s %d - ", passed ? "ok" : "not ok", ++k);
            description(f, lab->name, t->id, t->title);
            fprintf(f, " # points %d/%d\n", t->points, t->max);
            /* Points in the YAML block, where a TAP consumer reads data. */
            fprintf(f, "  ---\n    points: %d\n    max_points: %d\n", t->points, t->max);
            if (!passed && t->hidden && !r->teacher)
                yaml_block(f, "message",
                           _("The details of this test are withheld: your teacher "
                             "shows them later."));
            else if (!passed && t->message[0] != '\0') {
                yaml_block(f, "message", t->message);
                yaml_block(f, "hint", t->hint);
            }
            fprintf(f, "  ...\n");
        }
    }
    return ferror(f) ? -1 : 0;
}

/*
 * markdown.c - the feedback as a Markdown page (--format md): the one a
 * class's students get (class/grade-class writes feedback/ID.md with it).
 *
 *   # Feedback: NAME
 *   Total: **8 / 10**
 *   | lab | points |                     one row a lab, "not handed in" too
 *   ## 01-fork-parent-child — 8 / 10
 *   - **FAIL** 0/2 `parent_waits`: the parent waits ...
 *     ```text                             what was observed, the hint, and
 *     ...                                 what the programs did, fenced
 *     ```
 *
 * Everything that may come from a student (the name, the notes on the
 * files, what the programs printed) goes through one of two functions:
 * md_text() for a line of text, md_block() for a fenced block. Its words
 * follow the user's language (i18n.h); PASS and FAIL stay, as in text.c.
 * In the student's copy a hidden test shows its points, never its details.
 */
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "runs.h"

/* The characters that mean something to Markdown (CommonMark, GitHub's and
 * GitLab's extensions: tables, strikethrough, math) wherever they stand. */
#define MD_SPECIAL "\\`*_[]<>&|~#!$"

int md_text(FILE *f, const char *text)
{
    char *copy = strdup(text != NULL ? text : "");

    if (copy == NULL)
        return -1;
    text_clean(copy); /* bytes that are not UTF-8: '?' */
    for (const char *s = copy; *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;

        if (c < 0x20 || c == 0x7f) /* a line break would end the line's context */
            fputc(' ', f);
        else if (strchr(MD_SPECIAL, c) != NULL)
            fprintf(f, "\\%c", c);
        else
            fputc(c, f);
    }
    free(copy);
    return ferror(f) ? -1 : 0;
}

/* md_text() into a new string (NULL if out of memory). */
static char *md_string(const char *s)
{
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);

    if (f == NULL)
        return NULL;
    md_text(f, s);
    if (fclose(f) != 0) {
        free(text);
        return NULL;
    }
    return text;
}

static void fence(FILE *f, const char *indent, size_t n)
{
    fprintf(f, "%s", indent);
    while (n-- > 0)
        fputc('`', f);
}

int md_block(FILE *f, const char *indent, const char *text)
{
    char *copy = strdup(text != NULL ? text : ""), *p, *line;
    size_t run = 0, longest = 0, n;

    if (copy == NULL)
        return -1;
    text_clean(copy); /* control characters and bytes not UTF-8: '?' */
    for (p = copy; *p != '\0'; p++) {
        if (*p == 0x7f)
            *p = '?';
        run = *p == '`' ? run + 1 : 0;
        if (run > longest)
            longest = run;
    }
    /* A fence longer than any run of backticks inside: nothing can close it. */
    n = longest < 3 ? 3 : longest + 1;
    fence(f, indent, n);
    fprintf(f, "text\n");
    for (line = copy; *line != '\0';) {
        size_t len = strcspn(line, "\n");

        /* Every line indented: the block stays inside its list item. */
        fprintf(f, "%s%.*s\n", indent, (int)len, line);
        line += len;
        if (*line == '\n')
            line++;
    }
    fence(f, indent, n);
    fputc('\n', f);
    free(copy);
    return ferror(f) ? -1 : 0;
}

/* A failed test's details: what was observed, the hint, the runs in words. */
static void details(FILE *f, const struct report *r, const struct lab_report *lab,
                    const struct result *t)
{
    char *runs = r->traces != NULL ? runs_text(r->traces, lab->name, t->id, 3) : NULL;
    size_t size = strlen(t->message) + strlen(t->hint) + (runs != NULL ? strlen(runs) : 0) + 256;
    char *text = malloc(size);

    if (text == NULL) {
        free(runs);
        return;
    }
    snprintf(text, size, "%s", t->message);
    if (t->hint[0] != '\0')
        snprintf(text + strlen(text), size - strlen(text), "%s%s %s", text[0] != '\0' ? "\n" : "",
                 _("hint:"), t->hint);
    if (runs != NULL)
        snprintf(text + strlen(text), size - strlen(text), "\n\n%s\n%s",
                 _("What your programs did (make grade draws it as a timeline):"), runs);
    if (text[0] != '\0') {
        fprintf(f, "\n");
        md_block(f, "  ", text);
        fprintf(f, "\n");
    }
    free(text);
    free(runs);
}

/* One lab's section: its build, then each test with its points. */
static void lab_section(FILE *f, const struct report *r, const struct lab_report *lab)
{
    int j, p, m;

    lab_totals(lab, &p, &m);
    fprintf(f, "## %s — %d / %d\n\n", lab->name, p, m);
    fprintf(f, "- **%s** `build`: ", lab->built ? "PASS" : "FAIL");
    md_text(f, lab->built ? _("the programs compile")
                          : _("the programs did not compile; the compiler said:"));
    fprintf(f, "\n");
    if (lab->build_log != NULL && lab->build_log[0] != '\0') {
        fprintf(f, "\n");
        md_block(f, "  ", lab->build_log);
        fprintf(f, "\n");
    }
    for (j = 0; j < lab->n; j++) {
        const struct result *t = &lab->results[j];
        int passed = t->status == STATUS_PASSED, not_run = t->status == STATUS_NOT_RUN;

        fprintf(f, "- **%s** %d/%d `%s`: ",
                passed    ? "PASS"
                : not_run ? "SKIP"
                          : "FAIL",
                t->points, t->max, t->id);
        md_text(f, t->title);
        if (t->hidden) {
            fprintf(f, " ");
            md_text(f, _("(hidden test)"));
        }
        fprintf(f, "\n");
        if (passed || !lab->built)
            continue;
        if (t->hidden && !r->teacher) {
            fprintf(f, "\n  ");
            md_text(f, _("Its details are shown after grading."));
            fprintf(f, "\n\n");
        } else if (not_run && t->message[0] == '\0') {
            fprintf(f, "\n  ");
            md_text(f, _("not run: the lab stopped at an earlier failing test"));
            fprintf(f, "\n\n");
        } else {
            details(f, r, lab, t);
        }
    }
    fprintf(f, "\n");
}

/* The total, and the table of the labs' points. */
static void summary(FILE *f, const struct report *r)
{
    int i, p, m, hp = 0, hm = 0;

    for (i = 0; i < r->n; i++) {
        if (!r->labs[i].found)
            continue;
        lab_totals(&r->labs[i], &p, &m);
        hp += p;
        hm += m;
    }
    report_totals(r, &p, &m);
    fprintf(f, "%s **%d / %d**", _("Total:"), p, m);
    if (hm != m && r->not_graded == NULL)
        fprintf(f, _(" (the labs handed in: %d / %d)"), hp, hm);
    fprintf(f, "\n\n");
    if (r->not_graded != NULL) {
        fprintf(f, "**");
        md_text(f, _("Not graded:"));
        fprintf(f, "** ");
        md_text(f, r->not_graded);
        fprintf(f, "\n\n");
    }
    if (r->notes != NULL && r->notes[0] != '\0') {
        const char *line = r->notes;

        md_text(f, _("About your submission:"));
        fprintf(f, "\n\n");
        while (*line != '\0') {
            size_t len = strcspn(line, "\n");
            char *one = strndup(line, len);

            if (one != NULL && one[0] != '\0') {
                fprintf(f, "- ");
                md_text(f, one);
                fprintf(f, "\n");
            }
            free(one);
            line += len;
            if (*line == '\n')
                line++;
        }
        fprintf(f, "\n");
    }
    if (r->not_graded != NULL)
        return;
    fprintf(f, "| ");
    md_text(f, _("lab"));
    fprintf(f, " | ");
    md_text(f, _("points"));
    fprintf(f, " |\n|---|---|\n");
    for (i = 0; i < r->n; i++) {
        lab_totals(&r->labs[i], &p, &m);
        fprintf(f, "| %s | ", r->labs[i].name);
        if (r->labs[i].found)
            fprintf(f, "%d / %d", p, m);
        else
            fprintf(f, _("not handed in (0 / %d)"), m);
        fprintf(f, " |\n");
    }
    fprintf(f, "\n");
}

/* Where to start, and how the programs were run. */
static void closing(FILE *f, const struct report *r)
{
    const struct lab_report *lab = NULL;
    const struct result *first = NULL;

    /* The first test that lost points in a lab handed in. */
    for (int i = 0; i < r->n && first == NULL && r->not_graded == NULL; i++)
        for (int j = 0; j < r->labs[i].n && first == NULL && r->labs[i].found; j++)
            if (r->labs[i].results[j].status != STATUS_PASSED) {
                lab = &r->labs[i];
                first = &lab->results[j];
            }
    if (first != NULL) {
        char *title = md_string(first->title);

        fprintf(f, _("\nStart with %s, test %s: %s.\n"), lab->name, first->id,
                title != NULL ? title : "");
        free(title);
    }
    if (r->not_graded == NULL && r->mode != NULL && r->mode[0] != '\0') {
        fprintf(f, "\n");
        md_text(f, r->mode);
        fprintf(f, ".\n");
    }
    if (r->version != NULL) {
        char *version = md_string(r->version);

        fprintf(f, "\n_");
        fprintf(f, _("Graded by shmlab, grader version %s."), version != NULL ? version : "");
        fprintf(f, "_\n");
        free(version);
    }
}

int report_markdown(FILE *f, const struct report *r)
{
    int i;

    fprintf(f, "# ");
    if (r->student != NULL) {
        char *name = md_string(r->student);

        fprintf(f, _("Feedback: %s"), name != NULL ? name : "");
        free(name);
    } else {
        md_text(f, _("Feedback"));
    }
    fprintf(f, "\n\n");
    if (r->teacher) {
        fprintf(f, "_");
        md_text(f, _("The teacher's copy: hidden tests show their details."));
        fprintf(f, "_\n\n");
    }
    summary(f, r);
    for (i = 0; i < r->n && r->not_graded == NULL; i++)
        if (r->labs[i].found)
            lab_section(f, r, &r->labs[i]);
    closing(f, r);
    return ferror(f) ? -1 : 0;
}

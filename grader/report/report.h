/*
 * report.h - the results of grading, and the writers that print them.
 */
#ifndef SHMLAB_REPORT_H
#define SHMLAB_REPORT_H

#include <stdio.h>

#include "../lib/results.h"
#include "../po/i18n.h"

/* One lab of one submission. */
struct lab_report {
    char *name;      /* "01-fork-parent-child" */
    int found;       /* the submission has this lab's folder */
    int built;       /* every program compiled */
    char *build_log; /* the compiler's messages (warnings, errors) */
    struct result *results;
    int n;
};

struct report {
    struct lab_report *labs;
    int n;
    const char *mode;   /* how programs were isolated: one sentence (mode_text()) */
    double seconds;     /* how long the grading took */
    int teacher;        /* --teacher: show the details of hidden tests too */
    const char *traces; /* the folder of the runs' files (runs.h), or NULL */
    /* The class's words in the Markdown feedback (class/grade-class), or NULL. */
    const char *student;    /* the feedback's title: the student's name */
    const char *not_graded; /* why the submission was not graded */
    const char *notes;      /* about the submission's files, one a line */
    const char *version;    /* the grader's version, in the last line */
};

/* The first test that lost points (NULL if none), for "where to start". */
const struct result *report_first_failure(const struct report *r, const struct lab_report **lab);

/* Each writer returns 0, or -1 if it could not write. */
int report_text(FILE *f, const struct report *r, int colour);
int report_tap(FILE *f, const struct report *r);
int report_json(FILE *f, const struct report *r);
int report_junit(FILE *f, const struct report *r);
int report_markdown(FILE *f, const struct report *r);
/* The JSON report read back (--from-json): each lab of r (listed by its
 * suite, found 0) that the JSON has gets found 1, its build, and its tests'
 * points, status and output (as message; the hint is in it). 0, or -1. */
int report_json_read(const char *path, struct report *r);

/* Markdown's two safeties (markdown.c): md_text writes text that shows as
 * itself on one line (every character Markdown gives a meaning escaped, a
 * line break a space, other control characters and bytes not UTF-8 '?');
 * md_block fences text, each line after indent, in
 * more backticks than any run in it (control characters as '?'). */
int md_text(FILE *f, const char *s);
int md_block(FILE *f, const char *indent, const char *text);
/* The feedback page; traces: the folder of the runs' files ("<lab>.traces/"), or NULL. */
int report_html(FILE *f, const struct report *r, const char *traces);

/* Totals over one lab, and over the whole report. */
void lab_totals(const struct lab_report *lab, int *points, int *max);
void report_totals(const struct report *r, int *points, int *max);

#endif

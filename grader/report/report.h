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
};

/* The first test that lost points (NULL if none), for "where to start". */
const struct result *report_first_failure(const struct report *r, const struct lab_report **lab);

/* Each writer returns 0, or -1 if it could not write. */
int report_text(FILE *f, const struct report *r, int colour);
int report_tap(FILE *f, const struct report *r);
int report_json(FILE *f, const struct report *r);
int report_junit(FILE *f, const struct report *r);
/* The feedback page; traces: the folder of the runs' files ("<lab>.traces/"), or NULL. */
int report_html(FILE *f, const struct report *r, const char *traces);

/* Totals over one lab, and over the whole report. */
void lab_totals(const struct lab_report *lab, int *points, int *max);
void report_totals(const struct report *r, int *points, int *max);

#endif

/*
 * results.h - one graded test's result, and the file that carries results
 * from a lab's suite to the runner.
 *
 * The file is written by the suite's own process (never by a student's
 * program) as records of lines; free text is length-prefixed, so no
 * character in a message can break the format:
 *
 *     test <lab> <id> <points> <max> <status> <hidden>
 *     title <length>\n<bytes>\n
 *     hint <length>\n<bytes>\n
 *     message <length>\n<bytes>\n
 */
#ifndef SHMLAB_RESULTS_H
#define SHMLAB_RESULTS_H

#include <stdio.h>

enum status { STATUS_NOT_RUN, STATUS_PASSED, STATUS_FAILED };

struct result {
    const char *lab;     /* "01-fork-parent-child" */
    const char *id;      /* "parent_waits" */
    const char *title;   /* what the test checks */
    const char *hint;    /* shown when it fails */
    const char *message; /* expected vs. observed, when it fails */
    int points, max;
    enum status status;
    int hidden;
};

/* "passed", "failed", "not run" */
const char *status_name(enum status s);

/* Write one record; returns 0, or -1 on a write error. */
int result_write(FILE *f, const struct result *r);

/* Read one record into *r (strings are new copies); 1 read, 0 at end, -1 malformed. */
int result_read(FILE *f, struct result *r);

/* Free the strings of a result read by result_read(). */
void result_free(struct result *r);

/*
 * text_clean - make text safe for every report format, in place: control
 * characters other than newline and tab, and bytes that are not valid UTF-8,
 * become '?'. Student programs print anything; reports must stay readable.
 */
char *text_clean(char *text);

/* Sum the points and maxima of n results. */
void result_totals(const struct result *r, int n, int *points, int *max);

#endif

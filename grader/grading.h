/*
 * grading.h - grade a submission's labs (grading.c): each lab's programs
 * compiled by the kit's rules (build.c), then its suite run on them, the
 * labs side by side in processes of their own.
 */
#ifndef SHMLAB_GRADING_H
#define SHMLAB_GRADING_H

#include <stddef.h>

#include "lib/mode.h"
#include "report/report.h"

/* What every lab of one grading shares, decided once by the runner. */
struct grading {
    const char *top;    /* the kit's root folder */
    const char *work;   /* this run's scratch folder: builds, results, traces */
    enum mode mode;     /* the sandbox, for every build and test */
    const char *cflags; /* the flags the programs are built with */
    int sanitize;       /* --sanitize: ASan builds, libasan preloaded first */
    int fail_fast;      /* --fail-fast: each suite stops at its first failing test */
};

/*
 * Grade the labs names[0..n-1] of the submission in dir, at most jobs at a
 * time (the longest first), into labs[] in the order of names. Returns 0,
 * or -1 if any lab's grading failed (not a student's failure: the grader's).
 */
int grade_labs(const struct grading *g, const char *dir, char *const names[], int n, int jobs,
               struct lab_report *labs);

/* Read at most cap bytes of a file into a new string ("" if absent). */
char *read_file(const char *path, size_t cap);

#endif

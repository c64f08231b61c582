/*
 * suite.h - what a lab's test file needs: graded tests on top of Check.
 *
 * A lab's test file (grader/suites/NN-slug.c) writes its tests with Check's
 * START_TEST/END_TEST, lists them with points in a table, and ends with
 * LAB_MAIN. Each test runs in its own process (Check's fork mode), inside the
 * sandbox (sandbox.h), so a test may create IPC objects freely: they vanish
 * with it. A failed ck_assert_msg() says what was expected and what was seen;
 * the runner adds the test's hint below it.
 *
 *     START_TEST(value_shared) { ... ck_assert_msg(ok, "expected ..., saw ..."); }
 *     END_TEST
 *
 *     static const struct graded_test tests[] = {
 *         {.test = &value_shared,
 *          .points = 3,
 *          .title = "the parent reads the value the child stored",
 *          .hint = "the segment must be created before fork (notes, section 5)"},
 *         END_OF_TESTS
 *     };
 *     static const struct lab lab = {.name = LAB_NAME, .programs = LAB_PROGRAMS,
 *                                    .tests = tests};
 *     LAB_MAIN(lab)
 *
 * LAB_NAME and LAB_PROGRAMS come from the build (the kit's Makefile), so
 * that a lab is named once and its programs are listed once: LAB_NAME is
 * the suite's name, which is the lab's folder ("01-fork-parent-child"), and
 * LAB_PROGRAMS the PROGRAMS line of labs/NN-slug/Makefile ("fork_share").
 *
 * A suite may also be a folder, grader/suites/NN-slug/: each file writes its
 * tests and its own table (not static), and one file names them all with
 * .parts = (const struct graded_test *const[]){listing_tests, removal_tests,
 * NULL} instead of .tests.
 */
#ifndef SHMLAB_SUITE_H
#define SHMLAB_SUITE_H

#include <check.h>

#include "ipcstate.h"
#include "sandbox.h"

struct graded_test {
    const TTest *const *test; /* &name, for a test written START_TEST(name) */
    int points;               /* all or nothing */
    const char *title;        /* what it checks, in one line */
    const char *hint;         /* the likely mistake, and where the notes explain it */
    int timeout;              /* seconds for the whole test; 0 for 20 */
    int hidden;               /* graded, but its details are not shown to students */
};

#define END_OF_TESTS                                                                               \
    {                                                                                              \
        .test = NULL                                                                               \
    }

struct lab {
    const char *name;     /* the lab's folder, e.g. "01-fork-parent-child" */
    const char *programs; /* the programs the student builds, space-separated */
    const struct graded_test *tests;
    /* A suite in several files (grader/suites/NN-slug/): instead of tests,
     * each file's table, in the order of the report, NULL last. */
    const struct graded_test *const *parts;
    double seconds; /* about how long the solution's grading takes (build and tests), or 0:
                       the runner starts the longest labs first (SUITE --seconds) */
};

/*
 * lab_main - run the lab's tests.
 *   SUITE --programs              print the programs to build
 *   SUITE --seconds               print lab.seconds (for the runner's order)
 *   SUITE --list --results FILE   write the test table (nothing runs)
 *   SUITE --results FILE          run every test, write the results
 *   SUITE [--only TEST]           run, print a summary (for teachers)
 * The programs are taken from SHMLAB_BIN_DIR (see sandbox.h).
 */
int lab_main(int argc, char **argv, const struct lab *lab);

#define LAB_MAIN(lab)                                                                              \
    int main(int argc, char **argv)                                                                \
    {                                                                                              \
        return lab_main(argc, argv, &(lab));                                                       \
    }

/*
 * SUITE_HINT - a failure whose cause the test diagnosed (a deadlock, a crash
 * of another process) names its own hint: end the failure message with
 * SUITE_HINT and the hint's text, already translated; the report shows it
 * instead of the test's fixed hint.
 *     ck_abort_msg("%s" SUITE_HINT "%s", why, _("the lock is never given back..."));
 */
#define SUITE_HINT "\n\036hint\036"

/* The integers found in text, in order (at most max); returns how many. */
int find_integers(const char *text, long *values, int max);

/* Does text contain the integer value, as a whole number? */
int has_integer(const char *text, long value);

/* The first line of a program's output, at most 100 characters, quoted
 * ("nothing" if it printed nothing), in buf; returns buf or a constant. */
const char *excerpt(const char *text, char *buf, size_t size);

/*
 * A precondition that failed once fails again at once. Each test runs in a
 * process of its own, but these marks last for the whole run of the suite:
 * a test that needs the program to work first returns its failure at once
 * when suite_failed_before("works"), and calls suite_mark_failed("works")
 * when its own normal run fails. A program that never ends then costs one
 * time limit, not one per test. Names of up to 63 characters, 16 marks.
 */
void suite_mark_failed(const char *what);
int suite_failed_before(const char *what);

/* A value no program can guess: different at each run. */
long fresh_value(void);

/* The monotonic clock, in seconds: the tests' deadlines and waits. */
double now(void);

/* Sleep us microseconds, or ms milliseconds: a poll's pause. */
void nap_us(long us);
void nap_ms(int ms);

#endif

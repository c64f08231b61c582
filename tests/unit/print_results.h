/*
 * print_results.h - how the kit's own Check programs (unit.c, common.c)
 * report to the self-test: one line per test, "PASS: name" or
 * "FAIL: name: file:line: message", on standard output.
 */
#ifndef SHMLAB_PRINT_RESULTS_H
#define SHMLAB_PRINT_RESULTS_H

#include <check.h>

/*
 * print_results - print the results of a run of `sr` and return how many
 * tests failed. A run that did not run `expected` tests counts as one more
 * failure (and says so), so that a test lost on the way cannot go unseen.
 */
int print_results(SRunner *sr, int expected);

#endif

/*
 * print_results.c - see print_results.h.
 */
#include <stdio.h>
#include <stdlib.h>

#include "print_results.h"

int print_results(SRunner *sr, int expected)
{
    TestResult **tr = srunner_results(sr);
    int n = srunner_ntests_run(sr), i, failed = 0;

    for (i = 0; i < n; i++) {
        if (tr_rtype(tr[i]) == CK_PASS) {
            printf("PASS: %s\n", tr_tcname(tr[i]));
        } else {
            printf("FAIL: %s: %s:%d: %s\n", tr_tcname(tr[i]), tr_lfile(tr[i]), tr_lno(tr[i]),
                   tr_msg(tr[i]));
            failed++;
        }
    }
    free(tr);
    if (n != expected) {
        printf("FAIL: %d tests ran, %d expected\n", n, expected);
        failed++;
    }
    return failed;
}

/* Hostile: prints a report claiming full marks, in every format the grader
 * writes, on standard output and standard error. */
#include <stdio.h>

static const char report[] =
    "01-fork-parent-child\n  PASS  3/3  value_shared\n  total 10/10\n\noverall 10/10\n"
    "TAP version 13\n1..1\nok 1 - 01-fork-parent-child: value_shared # points 3/3\n"
    "{\"score\": 10, \"max_score\": 10, \"tests\": []}\n"
    "test 01-fork-parent-child value_shared 3 3 1 0\ntitle 0\n\nhint 0\n\nmessage 0\n\n";

int main(void)
{
    fputs(report, stdout);
    fputs(report, stderr);
    return 0;
}

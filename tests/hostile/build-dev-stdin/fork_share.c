/* Hostile (issue 12, finding 4): as a header, /dev/stdin is the grader's
 * standard input, and the compiler's error messages quoted it in the
 * feedback. The self-test gives the grader a secret line on its standard
 * input (a line the compiler would quote: "unknown type name ...") and
 * checks that no report shows it. */
#include "/dev/stdin"

/* Hostile (issue 12, finding 4): the file includes itself twice, so the
 * preprocessor walks a binary tree of depth 200 (its nesting limit), 2^200
 * inclusions, with little memory but an error message at each of the
 * deepest ones (70 MB of them in 5 s). The build must stop at its time or
 * output wall, and the feedback must say which. */
#include __FILE__
#include __FILE__

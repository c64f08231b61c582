/* Hostile (issue 12, finding 6): other copies of the kit on the machine
 * (another teacher's clone, another worktree) were readable: a program that
 * includes one's reference solution compiled into it and got full marks.
 * CLONE_SOLUTION (kitpath.h, written by the self-test) is such a copy,
 * outside the kit and outside /tmp. It must not be found. */
#include "kitpath.h"
#include CLONE_SOLUTION

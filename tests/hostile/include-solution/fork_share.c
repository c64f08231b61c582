/* Hostile: compiles the reference solution in, by its real path (kitpath.h
 * is written by the self-test). The kit is hidden while compiling, so this
 * does not compile. */
#include "kitpath.h"
#include KIT_SOLUTION

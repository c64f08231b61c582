/* Hostile (issue 12, finding 4): the compiler's error messages quote the
 * source line they stop at. Included, /etc/shadow would be quoted in the
 * feedback if the compiler could read it (the grader runs as root). The
 * report must never show a line of it ("name:hash:days:...") and the build
 * must fail. */
#include "/etc/shadow"

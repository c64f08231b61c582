/* Hostile (issue 12, finding 4): opening /dev/ptmx as a header gives the
 * compiler a new pseudo-terminal, whose read blocks for ever: every lab's
 * build waited for the 120 s limit, the feedback said nothing, and a file
 * was left in the host's /tmp. The build's /dev has no terminal: it fails
 * at once. */
#include "/dev/ptmx"

/* Where the kit is: the self-test overwrites this file with the real path. */
#define KIT          "/nonexistent"
#define KIT_SOLUTION "/nonexistent/solutions/01-fork-parent-child/fork_share.c"

/* Where things are: tests/checks/hostile rewrites this file. */
#define KIT            "/nonexistent"
#define KIT_SOLUTION   "/nonexistent/solutions/01-fork-parent-child/fork_share.c"
#define CLONE_SOLUTION "/nonexistent/solutions/01-fork-parent-child/fork_share.c"
#define HOST_KEY       0x5e1f0000
#define HOST_PORT      9
#define HOST_UNIX      "nonexistent"
#define CASE           "none"

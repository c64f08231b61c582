/*
 * mode.h - which sandbox the grader uses, decided in one place.
 *
 * The runner decides once (mode_decide()), before any build or test, and
 * passes its decision to the builds and suites (SHMLAB_SANDBOX). They obey
 * it: a test that cannot enter the decided mode fails loudly rather than
 * silently grading with less isolation. Every report states the mode used.
 */
#ifndef SHMLAB_MODE_H
#define SHMLAB_MODE_H

#include <stddef.h>

enum mode {
    MODE_ROOT,     /* namespaces, as root: programs run as a uid of their own */
    MODE_USER,     /* namespaces through a user namespace: an ordinary user */
    MODE_FALLBACK, /* no namespaces: process groups, uids and an inventory */
    MODE_OFF,      /* no isolation at all: for measurements only */
};

/*
 * mode_decide - SHMLAB_SANDBOX if set ("none" or "fallback", "off"; "root"
 * or "user" must then work), else the strongest mode this kernel allows,
 * found by trying it in a child process. *why says why namespaces could not
 * be used, when they could not ("" otherwise).
 */
enum mode mode_decide(char *why, size_t size);

/* The mode the runner chose (SHMLAB_SANDBOX), or mode_decide() if unset. */
enum mode mode_current(void);

/* The name passed in SHMLAB_SANDBOX: "root", "user", "fallback", "off". */
const char *mode_name(enum mode m);

/* One sentence for reports, in the user's language. */
const char *mode_text(enum mode m);

/*
 * mode_enter_namespaces - in the calling process: new IPC, mount and network
 * namespaces (and, for MODE_USER, a user namespace in which the caller is
 * root). Returns 0, or -1 with errno set.
 */
int mode_enter_namespaces(enum mode m);

#endif

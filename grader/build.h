/*
 * build.h - compile one lab of a submission, isolated and bounded (build.c).
 */
#ifndef SHMLAB_BUILD_H
#define SHMLAB_BUILD_H

#include <stddef.h>

#include "lib/mode.h"

/* Which wall stopped a build. */
enum build_wall { WALL_NONE, WALL_TIME, WALL_MEMORY, WALL_OUTPUT };

struct build {
    /* in */
    const char *top;      /* the kit's root: common/ and mk/lab.mk come from there */
    const char *src;      /* the lab's folder in the submission */
    const char *out;      /* a new folder: src/, common/, mk/, bin/, build.log */
    const char *programs; /* the programs to build, space-separated */
    const char *cflags;   /* added to the kit's flags */
    enum mode mode;       /* the sandbox mode the runner chose */
    /* out */
    enum build_wall wall;
    char notes[1024]; /* the lab's files that were not compiled, and why */
};

/* The walls: seconds of wall-clock and CPU time, bytes per compiler process. */
#define BUILD_SECONDS 30
#define BUILD_MEMORY  (1L << 30)

/*
 * build_lab - copy the lab's .c and .h files (regular files only, capped),
 * the kit's common/ and build rules into b->out, and compile b->programs
 * there into out/bin: in the whitelist view (view.h), where the kit and the
 * submissions are absent, as an unprivileged user, within the walls above.
 * The compiler's messages are in out/build.log. Returns make's wait status
 * (0: built), or -1 if the build could not be prepared.
 */
int build_lab(struct build *b);

/*
 * build_cflags - the flags a submission is built with (besides the kit's
 * -std=c11 -Wall ...): as in real use (-O2 -g), with buffer overflows
 * stopped (_FORTIFY_SOURCE) and, where the compiler can, variables read
 * before they are set filled with a pattern. Probed once; the text is
 * static.
 */
const char *build_cflags(void);

#endif

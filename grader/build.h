/*
 * build.h - compile one lab of a submission, isolated (see build.c).
 */
#ifndef SHMLAB_BUILD_H
#define SHMLAB_BUILD_H

/*
 * build_lab - copy the lab's sources from src, the kit's common/ and build
 * rules from top, into the new folder out, and compile `programs` there into
 * out/bin, with the folders of hide[] (NULL-terminated) hidden, within
 * `seconds`, with cflags added to the kit's flags. The compiler's messages are in out/build.log. Sets *isolated to
 * 1 if the namespaces could be used. Returns make's wait status (0: built),
 * or -1 if the build could not be prepared.
 */
int build_lab(const char *top, const char *src, char *const hide[], const char *out,
              const char *programs, const char *cflags, int seconds, int *isolated);

#endif

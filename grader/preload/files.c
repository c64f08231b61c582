/*
 * files.c - the file calls of POSIX shared memory that the grader traces
 * and can make fail: ftruncate, which sizes an object, and fstat, which
 * tells its size (lab 04).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "../lib/protocol.h"
#include "preload.h"

int ftruncate(int fd, off_t length)
{
    REAL(int, ftruncate, (int, off_t));
    int r;

    if (inject("ftruncate"))
        return -1;
    r = real_ftruncate(fd, length);
    trace("ftruncate(%d, %ld) = %d %s", fd, (long)length, r, r == -1 ? strerror(errno) : "");
    return r;
}

int fstat(int fd, struct stat *st)
{
    REAL(int, fstat, (int, struct stat *));
    int r;

    if (inject("fstat"))
        return -1;
    r = real_fstat(fd, st);
    trace("fstat(%d) = %d %s", fd, r, r == -1 ? strerror(errno) : "");
    return r;
}

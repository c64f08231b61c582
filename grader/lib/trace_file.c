/*
 * trace_file.c - the preload's mapped trace file made plain text again
 * (protocol.h describes the file, trace_file.h the function).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "protocol.h"
#include "trace_file.h"

/* Keep the whole lines of buf[0..n) that were not taken back; returns the new length. */
static size_t keep_lines(char *buf, size_t n)
{
    size_t from = 0, to = 0, start = 0;
    int whole = 1; /* no NUL byte since the line began */

    for (from = 0; from < n; from++) {
        if (buf[from] == '\0') {
            whole = 0; /* room never written, or a line cut short: drop it */
            continue;
        }
        if (!whole) { /* the first byte after NULs starts a line */
            whole = 1;
            start = from;
        }
        if (buf[from] != '\n')
            continue;
        if (buf[start] != TRACE_RETRACTED) {
            size_t len = from + 1 - start;

            memmove(buf + to, buf + start, len);
            to += len;
        }
        start = from + 1;
    }
    return to;
}

int trace_file_finish(const char *path)
{
    struct trace_tail tail;
    struct stat st;
    char *buf;
    size_t used, len;
    ssize_t n;
    int fd, saved;

    fd = open(path, O_RDWR | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd == -1)
        return -1;
    if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) || st.st_size < TRACE_MAP_SIZE ||
        pread(fd, &tail, sizeof tail, TRACE_CAP) != (ssize_t)sizeof tail ||
        tail.magic != TRACE_MAGIC)
        return close(fd); /* not mapped by the preload: plain lines already */
    used = tail.used < (unsigned long long)TRACE_CAP ? (size_t)tail.used : (size_t)TRACE_CAP;
    buf = malloc(used + 1);
    if (buf == NULL) {
        close(fd);
        return -1;
    }
    for (len = 0; len < used; len += (size_t)n) {
        n = pread(fd, buf + len, used - len, (off_t)len);
        if (n <= 0) {
            used = len; /* shorter than it said: keep what is there */
            break;
        }
    }
    len = keep_lines(buf, used);
    n = len > 0 ? pwrite(fd, buf, len, 0) : 0;
    saved = errno;
    free(buf);
    if (n != (ssize_t)len || ftruncate(fd, (off_t)len) == -1) {
        saved = n != (ssize_t)len ? saved : errno;
        close(fd);
        errno = saved;
        return -1;
    }
    return close(fd);
}

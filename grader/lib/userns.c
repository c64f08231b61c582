/* userns.c - see userns.h. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "userns.h"

int write_proc_file(const char *path, const char *text)
{
    size_t len = strlen(text);
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    ssize_t n;

    if (fd == -1)
        return -1;
    n = write(fd, text, len);
    close(fd);
    return n == (ssize_t)len ? 0 : -1;
}

int enter_user_namespace(uid_t inside_uid, uid_t outside_uid, gid_t inside_gid, gid_t outside_gid)
{
    char map[64];

    if (unshare(CLONE_NEWUSER) == -1)
        return -1;
    snprintf(map, sizeof map, "%u %u 1\n", (unsigned)inside_uid, (unsigned)outside_uid);
    if (write_proc_file("/proc/self/setgroups", "deny") == -1 ||
        write_proc_file("/proc/self/uid_map", map) == -1)
        return -1;
    snprintf(map, sizeof map, "%u %u 1\n", (unsigned)inside_gid, (unsigned)outside_gid);
    return write_proc_file("/proc/self/gid_map", map);
}

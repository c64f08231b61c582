/*
 * sb_cgroup.c - a memory cgroup per run, as root: the run's memory counted
 * and capped as a whole (segments and files in memory included).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../po/i18n.h"
#include "child.h"
#include "ipcstate.h"
#include "mode.h"
#include "protocol.h"
#include "sandbox.h"
#include "sb_internal.h"
#include "userns.h"
#include "view.h"

#define CGROUP_MEMORY "/sys/fs/cgroup/memory"

/* This process's memory cgroup, opened, if it may write there; or -1. */
int own_memory_cgroup(void)
{
    char line[512], path[PATH_MAX + 64];
    FILE *f = fopen("/proc/self/cgroup", "r");
    int fd = -1;

    while (f != NULL && fgets(line, sizeof line, f) != NULL) {
        char *controllers = strchr(line, ':'), *where;

        if (controllers == NULL || (where = strchr(controllers + 1, ':')) == NULL)
            continue;
        *where++ = '\0';
        where[strcspn(where, "\n")] = '\0';
        /* "N:memory:/path" (v1); several controllers may share a line. */
        if (strstr(controllers + 1, "memory") == NULL)
            continue;
        snprintf(path, sizeof path, CGROUP_MEMORY "%s", where);
        if (access(path, W_OK) == 0)
            fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        break;
    }
    if (f != NULL)
        fclose(f);
    return fd;
}

/* As root with a memory controller: a cgroup of its own for the run, capped. */
void cgroup_create(struct sb_proc *p)
{
    char path[128], text[32];
    int fd;

    p->cgroup[0] = '\0';
    if (sb.cgroup_fd == -1)
        return;
    snprintf(p->cgroup, sizeof p->cgroup, "shmlab-%d-%d", (int)getpid(), sb.runs_n);
    if (mkdirat(sb.cgroup_fd, p->cgroup, 0755) == -1) {
        p->cgroup[0] = '\0';
        return;
    }
    snprintf(path, sizeof path, "%s/memory.limit_in_bytes", p->cgroup);
    snprintf(text, sizeof text, "%ld\n", sanitizing() ? SANITIZE_MEMORY : MEMORY_CAP);
    fd = openat(sb.cgroup_fd, path, O_WRONLY | O_CLOEXEC);
    if (fd == -1 || write(fd, text, strlen(text)) == -1) {
        if (fd != -1)
            close(fd);
        unlinkat(sb.cgroup_fd, p->cgroup, AT_REMOVEDIR);
        p->cgroup[0] = '\0';
        return;
    }
    close(fd);
}

/* Put the calling process (init, before it forks the program) in the run's cgroup. */
void cgroup_join(const struct sb_proc *p)
{
    char path[128], text[] = "0\n"; /* 0: the writer itself */
    int fd;

    if (p->cgroup[0] == '\0')
        return;
    snprintf(path, sizeof path, "%s/cgroup.procs", p->cgroup);
    fd = openat(sb.cgroup_fd, path, O_WRONLY | O_CLOEXEC);
    if (fd != -1) {
        if (write(fd, text, strlen(text)) == -1) {
            /* the run is bounded by its rlimits alone */
        }
        close(fd);
    }
}

/* Did the run's cgroup kill a process for memory? Then remove the cgroup. */
int cgroup_finish(const struct sb_proc *p)
{
    char path[128], text[512];
    int fd, killed = 0;
    ssize_t n;

    if (p->cgroup[0] == '\0')
        return 0;
    snprintf(path, sizeof path, "%s/memory.oom_control", p->cgroup);
    fd = openat(sb.cgroup_fd, path, O_RDONLY | O_CLOEXEC);
    if (fd != -1) {
        n = read(fd, text, sizeof text - 1);
        text[n > 0 ? n : 0] = '\0';
        killed = strstr(text, "oom_kill ") != NULL && strstr(text, "oom_kill 0") == NULL;
        close(fd);
    }
    unlinkat(sb.cgroup_fd, p->cgroup, AT_REMOVEDIR);
    return killed;
}

void sb_remove_stale_cgroups(void)
{
    int dir = own_memory_cgroup();
    DIR *d = dir != -1 ? fdopendir(dir) : NULL;
    struct dirent *e;

    while (d != NULL && (e = readdir(d)) != NULL) {
        char proc[32];
        long test;

        if (strncmp(e->d_name, "shmlab-", 7) != 0 || (test = atol(e->d_name + 7)) <= 0)
            continue;
        snprintf(proc, sizeof proc, "/proc/%ld", test);
        if (access(proc, F_OK) == -1)               /* its test has ended */
            unlinkat(dir, e->d_name, AT_REMOVEDIR); /* refused while a process is in it */
    }
    if (d != NULL)
        closedir(d);
    else if (dir != -1)
        close(dir);
}

/* "program arg ...", on one line, for the run's file. */

/*
 * view.h - the host as a student's program (or the compiler) sees it: a
 * whitelist, not a blacklist.
 *
 * view_enter() replaces the root of the calling process's (new, private)
 * mount namespace by a small tree built on a memory file system:
 *
 *   /usr, /bin, /sbin, /lib*   the host's, read-only, no set-uid
 *   /etc                       a few files a C program needs (the dynamic
 *                              loader's cache, alternatives, time zone) and
 *                              a passwd/group of our own
 *   /dev                       null, zero, full, random, urandom; shm (a
 *                              private tmpfs); fd, stdin, stdout, stderr
 *   /proc                      the host's, for the grader; a program gets a
 *                              /proc of its own PID namespace (view_own_proc)
 *   /tmp, /var/tmp, /run, /home/student
 *                              private tmpfs, each capped in bytes and inodes
 *   /.shmlab                   the grader's files (staged programs, runs)
 *
 * Everything else of the host (the kit, /home, /root, /srv, the class's
 * folders, other copies of the kit) is simply absent. view_seal() then makes
 * the root itself read-only.
 */
#ifndef SHMLAB_VIEW_H
#define SHMLAB_VIEW_H

#include <stddef.h>
#include <sys/types.h>

#define VIEW_GRADER_DIR "/.shmlab"      /* the grader's own files */
#define VIEW_RUNS_DIR   "/.shmlab/runs" /* a writable tmpfs for the runs' files */
#define VIEW_HOME       "/home/student"

struct view_spec {
    uid_t owner, group;   /* who owns HOME, as the creator of the view sees it */
    uid_t uid, gid;       /* the same user as the programs see it: named in /etc/passwd */
    const char *bind_dir; /* a host folder to bind read-write at bind_at, or NULL */
    const char *bind_at;  /* e.g. "/build" */
    long tmp_bytes;       /* size of /tmp and /dev/shm; 0 for the default */
};

/*
 * view_enter - in a process that may mount in its own mount namespace (a new
 * one: the host's mounts are never touched), build the view and move into
 * it. On failure returns -1 and says which step failed in why.
 */
int view_enter(const struct view_spec *spec, char *why, size_t size);

/* view_seal - make the view's root read-only (after staging files in it). */
int view_seal(void);

/*
 * view_own_proc - in pid 1 of a new PID namespace, in a new mount namespace:
 * mount a /proc that shows only this namespace's processes, with /proc/sys
 * read-only (the IPC limits cannot be raised from inside). Returns 0 or -1.
 */
int view_own_proc(void);

#endif

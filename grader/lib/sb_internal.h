/*
 * sb_internal.h - what the parts of the sandbox share (sandbox.c starts and
 * ends programs, sb_watch.c watches their processes, sb_text.c describes
 * the results). Not for suites: they use sandbox.h.
 */
#ifndef SHMLAB_SB_INTERNAL_H
#define SHMLAB_SB_INTERNAL_H

#include <limits.h>
#include <stddef.h>
#include <sys/types.h>

#define OUTPUT_CAP (8L << 20) /* bytes a program may write to one file */
#define MAX_PROCS  64         /* processes a program may have at once */
#define MEMORY_CAP (1L << 30) /* address space of each process, memory of a run */

struct sb_proc {
    pid_t init;
    int report_fd;
    double start;
    double deadline;
    char dir[PATH_MAX];
    char cgroup[64]; /* the run's memory cgroup, under the controller's folder; "" if none */
    int split;
    int ended;  /* sb_end() brought the deadline forward */
    int killed; /* sb_signal() sent SIGKILL: the grader stopped it */
    char *what; /* "program arg...", for the run's file in SHMLAB_TRACE_DIR */
};

/* All the descendants of pid (not pid itself), depth first; returns how many. */
int sb_descendants(pid_t pid, pid_t *out, int max);

/* Kill every descendant of pid, again and again while new ones appear (a fork bomb). */
void sb_kill_descendants(pid_t pid);

/* What the processes under init are doing, in one sentence for feedback. */
void sb_diagnose(pid_t init, char *out, size_t size);

#endif

/*
 * sb_internal.h - what the parts of the sandbox share: sb_enter.c makes it,
 * sandbox.c starts and ends programs, sb_cgroup.c caps a run's memory,
 * sb_watch.c watches their processes, sb_runs.c writes each run's file for
 * the feedback page, sb_text.c describes the results. Not for suites: they
 * use sandbox.h.
 */
#ifndef SHMLAB_SB_INTERNAL_H
#define SHMLAB_SB_INTERNAL_H

#include <limits.h>
#include <stddef.h>
#include <sys/types.h>

#include "mode.h"
#include "sandbox.h"

#define OUTPUT_CAP      (8L << 20) /* bytes a program may write to one file */
#define MAX_PROCS       64         /* processes a program may have at once */
#define MEMORY_CAP      (1L << 30) /* address space of each process, memory of a run */
#define SANITIZE_MEMORY (2L << 30) /* memory of a run built with --sanitize */

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

/* The sandbox of this test process: set by sb_enter(), read by the parts. */
struct sb_state {
    int entered;
    enum mode mode;
    char stage[PATH_MAX]; /* the programs, copied */
    char runs[PATH_MAX];  /* the runs' files */
    char work[PATH_MAX];  /* where programs start */
    char preload[PATH_MAX];
    uid_t uid;
    gid_t gid;
    int runs_n;
    long nproc_base; /* processes the user already has (user mode) */
    int cgroup_fd;   /* the memory controller's folder (as root), or -1 */
    int trace_dir;   /* SHMLAB_TRACE_DIR, opened before the view hides it, or -1 */
};
extern struct sb_state sb;

/* sb_cgroup.c: this process's memory cgroup (v1) opened as a folder, if it
 * may write there (as root); -1 otherwise (then no cap but RLIMIT_AS). */
int own_memory_cgroup(void);

/* As root with a memory controller: a cgroup of its own for the run, capped. */
void cgroup_create(struct sb_proc *p);

/* Put the calling process (init, before it forks the program) in the run's cgroup. */
void cgroup_join(const struct sb_proc *p);

/* Did the run's cgroup kill a process for memory? Then remove the cgroup. */
int cgroup_finish(const struct sb_proc *p);

/* sb_runs.c: "program arg ...", on one line, for the run's file. */
char *run_words(const struct sb_spec *spec);

/*
 * The run's file in SHMLAB_TRACE_DIR (sandbox.h): what ran, how it ended,
 * and the whole trace, for the feedback page's timeline. Best effort: the
 * page simply has no timeline for a run whose file could not be written.
 */
void save_run(const struct sb_proc *p, const struct sb_result *res);

/* Leave out the timeline's '~' lines: the suites read the trace as it always was. */
void strip_timeline_lines(char *trace);

/* sandbox.c: were the programs built with --sanitize (more memory, no preload limits)? */
int sanitizing(void);

#endif

/*
 * sandbox.h - run a student's program isolated, bounded and observed.
 *
 * A Check test calls sb_enter() once (it runs in the test's own process,
 * forked by Check), in the mode the runner decided (mode.h). From then on
 * the test lives in new IPC, mount and network namespaces, inside a
 * whitelist view of the host (view.h): whatever it and the programs it runs
 * create is invisible to the host and to other tests, and vanishes when the
 * test's process ends, even after a timeout or a crash. The IPC namespace
 * has limits of its own (segments, semaphores, queues), so a program cannot
 * exhaust the host's memory through them.
 *
 * Each program started with sb_start() runs in a PID namespace of its own,
 * with a /proc that shows only its processes, under a small init process of
 * ours: when the program ends, every process it left behind is killed
 * (setsid() or a double fork does not escape). The program runs as an
 * unprivileged user, without CAP_IPC_OWNER, so IPC permission bits apply to
 * it, bounded in processes, CPU time, address space, file size (and, as root
 * where a memory cgroup can be had, memory). The kit, the submissions and
 * every other host folder are absent from its view.
 *
 * The test process keeps its privileges inside the namespaces: it can create
 * objects on the program's behalf and inspect every object the program made
 * (see ipcstate.h), and watch its processes (sb_processes()).
 */
#ifndef SHMLAB_SANDBOX_H
#define SHMLAB_SANDBOX_H

#include <stddef.h>
#include <sys/types.h>

#include "protocol.h"

/* What to run, and how. Zero-initialise, then fill what you need. */
struct sb_spec {
    const char *program;     /* a program of the lab, e.g. "fork_share" */
    const char *const *args; /* argv[1..], NULL-terminated; NULL for none */
    const char *input;       /* text on standard input; NULL for empty */
    int input_fails;         /* standard input a folder instead: every read fails
                                (EISDIR), as a disk or a terminal can fail */
    const char *gate;        /* preload gate: NULL, "parent" or "child" */
    const char *fail;        /* fault: "[parent:|child:]call:ERRNO[:N]", e.g.
                                "shmat:ENOMEM", at the first call or the N-th */
    int split_child_output;  /* capture the first fork()ed child's stdout apart */
    double timeout;          /* wall-clock seconds; 0 for the default (5 s) */
    const char *const *env;  /* extra "NAME=value" strings, NULL-terminated */
};

/* What happened. Strings are always NUL-terminated (possibly empty). */
struct sb_result {
    int exited;          /* the program returned or called exit */
    int exit_status;     /* its status, if exited */
    int signaled;        /* a signal ended it */
    int signal;          /* which, if signaled */
    int timed_out;       /* it was still running at the deadline and was killed */
    int ended_early;     /* ...at a deadline brought forward by sb_end() */
    int stopped;         /* still running when the grader killed it (sb_signal SIGKILL) */
    int zombies;         /* its children that had ended but were never waited for */
    int orphans;         /* processes of it still running when it ended */
    char *out;           /* standard output (of the parent, if split) */
    char *child_out;     /* standard output of the first child, if split */
    char *err;           /* standard error */
    char *trace;         /* the preload's record of IPC calls, one per line ('~' lines left out) */
    int out_truncated;   /* the output was larger than the cap */
    long memory_limit;   /* killed for reaching the memory limit: that limit in MiB, else 0 */
    int not_loaded;      /* it died before its first instruction (too large to load?) */
    double seconds;      /* wall-clock time */
    char diagnosis[768]; /* after a timeout: what its processes were doing */
};

/* A program started by sb_start(). */
struct sb_proc;

/*
 * sb_enter - isolate the calling test. Call once, first thing in a test.
 * Returns 0, or -1 after printing why (the test should then fail).
 */
int sb_enter(void);

/* The mode in use after sb_enter(), as one sentence for feedback (mode.h). */
const char *sb_mode(void);

/* 1 if the test has IPC, mount and PID namespaces of its own (not the fallback). */
int sb_isolated(void);

/* The user and group the programs run as, and the directory they start in. */
uid_t sb_uid(void);
gid_t sb_gid(void);
const char *sb_workdir(void);

/* Start a program; NULL if it could not be started (reason on stderr). */
struct sb_proc *sb_start(const struct sb_spec *spec);

/* Send a signal to the program's process group, as a terminal's Ctrl-C does.
 * SIGKILL stops the program: sb_wait() then says the grader stopped it. */
int sb_signal(struct sb_proc *proc, int sig);

/*
 * sb_end - bring the program's deadline forward to now: for a test that has
 * seen it make no progress (a deadlock, say) and need not wait for the
 * timeout. sb_wait() then ends it as at a timeout, with the diagnosis of what
 * its processes were doing, and sets res->ended_early too.
 */
void sb_end(struct sb_proc *proc);

/* Wait for the program (up to its deadline), fill *res, free proc. */
void sb_wait(struct sb_proc *proc, struct sb_result *res);

/* sb_start() then sb_wait(); a failed start is reported in res->err. */
void sb_run(const struct sb_spec *spec, struct sb_result *res);

/* What one process of a running program is doing (sb_processes()). */
struct sb_process {
    pid_t pid;                /* as the grader sees it */
    pid_t parent;             /* its parent's pid (the program's own parent: 0) */
    char state;               /* as in /proc: R running, S sleeping, T stopped, Z zombie... */
    int in_semop;             /* blocked in a System V semaphore operation */
    int in_futex;             /* blocked on a futex (sem_wait): 1, not: 0, cannot tell: -1 */
    int in_wait;              /* waiting for a child */
    double cpu_seconds;       /* user + system time so far */
    unsigned long long wakes; /* voluntary context switches: grows at each wake-up */
    char wchan[64];           /* where in the kernel it sleeps ("" if hidden) */
};

/*
 * sb_processes - the program's processes now, the program itself first,
 * then what it forked (depth first). Returns how many (at most max), 0 if
 * it has ended. The suites never read /proc themselves.
 */
int sb_processes(const struct sb_proc *proc, struct sb_process *out, int max);

/* The program's own pid, as the grader sees it (0 before it has started). */
pid_t sb_program_pid(const struct sb_proc *proc);

/* Has the run ended (the program and all it left)? Does not collect it: sb_wait() does. */
int sb_ended(const struct sb_proc *proc);

/*
 * sb_read_file - read a file the program wrote in its work folder, at most
 * cap bytes, into a new string. Never follows a link, never blocks on a
 * fifo or a device: returns NULL (errno set) for anything but a regular file.
 */
char *sb_read_file(const char *name, size_t cap);

/* Remove the memory cgroups of runs whose test has ended (a test killed at
 * its time limit cannot remove its own). The suite calls it after each test. */
void sb_remove_stale_cgroups(void);

/* Free the strings of a result. */
void sb_result_free(struct sb_result *res);

/*
 * sb_describe - one paragraph saying how a run ended, with the start of its
 * standard error: "exit status 1; stderr: shmat: Invalid argument".
 */
const char *sb_describe(const struct sb_result *res, char *buf, size_t size);

/*
 * sb_calls - the IPC calls the program made (from the preload's trace), one
 * line, processes named "parent" (the program) and "child" (what it forked):
 * "parent shmget(...) = 3; parent fork() = child; child shmdt(...) = 0; ...".
 * For feedback only: points are never decided from it.
 */
const char *sb_calls(const struct sb_result *res, char *buf, size_t size);

/*
 * sb_reaped - how the children the program waited for ended, from the wait
 * lines of the trace ("waitpid(...) = 42 [exit 1]"): the exit status of the
 * first one reaped in *first_status (-1: none reaped, or it was killed), and
 * the first signal that killed one, or 0. For checks that a child ended as it
 * should (a crash is a failure even when its parent reports it).
 */
int sb_reaped(const struct sb_result *res, int *first_status);

/* The timeout scale (SHMLAB_TIMEOUT_SCALE, default 1) applied to every deadline. */
double sb_timeout_scale(void);

#endif

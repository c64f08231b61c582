/*
 * runs.h - the runs' files the sandbox writes for each run of a program
 * (sandbox.h, SHMLAB_TRACE_DIR): a header ("test", "program", "start",
 * "seconds", "end", "describe" lines), "--", then the preload's trace, one
 * line per event: "<pid> <CLOCK_MONOTONIC seconds> <call> = <result>".
 * Read here for the report writers that tell what a program did: the
 * feedback page draws it (html.c), the JSON report says it in words
 * (json.c, for Gradescope). Everything in a trace may come from a
 * student's program: it is cleaned and bounded, never trusted.
 */
#ifndef SHMLAB_RUNS_H
#define SHMLAB_RUNS_H

#define MAX_LANES 16 /* processes told apart in one run */

struct event {
    long pid;
    double t;
    char *call; /* after the time stamp, e.g. "semop(3, {0, -1, 0}) = 0" */
    int lane;
    int shown; /* drawn (not summarised away) */
    int slot;  /* its place on the axis: summarised events share the last one */
};

struct lane {
    long pid;
    char name[32];
    int first, last; /* indexes of its first and last event */
    int count;
    long parent_lane;
    int exited; /* saw its "~exit" line */
    int forked; /* index of the fork() that made it, or -1 */
};

struct run {
    char test[128], program[256], end[64], describe[1024];
    double start, seconds;
    double t0;        /* the first event's time */
    int slots;        /* places on an axis: one per event shown (run_load) */
    struct event *ev; /* every event of the run, in the file's order */
    int n, cap;
    struct lane lanes[MAX_LANES];
    int nlanes, more_procs, truncated;
    char *text;
};

/* Read one run's file: 0, or -1 if it is not one. Lanes are named after the
 * lab's roles (lab: "05-f1-race"...); a long run is summarised (each
 * process's first and last events, its first failed calls and forks shown). */
int run_load(const char *path, const char *lab, struct run *run);
void run_free(struct run *run);

/* The files of one test's runs, in run order: a NULL-terminated array
 * (free it with run_files_free), or NULL if there is none. */
char **run_files(const char *traces, const char *lab, const char *id);
void run_files_free(char **paths);

/* A short label for a call: "P0→0" (a P on semaphore 0, its value after), "V1", "shmat"... */
void run_label(const char *call, char *out, size_t size);
/* The semaphore values after a semop or sem_post/sem_wait (the preload's
 * " [val 0, 2]" at the end of the line), or NULL; *len: the call before it. */
const char *run_values_after(const char *call, size_t *len);
/* Did the call fail (a result of -1, or a failure the grader injected)? */
int run_call_failed(const char *call);
/* Is it the grader's own doing (a process paused or killed at a set point)? */
int run_grader_action(const char *call);
/* How the run ended, in words; NULL if it ended well. */
const char *run_fate(const struct run *run);

/* One test's runs in words, for a report without pictures: for each run,
 * its command and end, and per process its calls in order (summarised).
 * At most max_runs runs; a new string, or NULL if there is no run. */
char *runs_text(const char *traces, const char *lab, const char *id, int max_runs);

#endif

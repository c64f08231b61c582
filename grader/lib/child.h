/*
 * child.h - wait for a child process, up to a deadline, then kill its group.
 *
 * The runner (a suite, a build) and the sandbox (a program) all start a
 * child in a process group of its own and wait for it with a time limit;
 * this is that wait, written once.
 */
#ifndef SHMLAB_CHILD_H
#define SHMLAB_CHILD_H

#include <sys/types.h>

/* Seconds on CLOCK_MONOTONIC (the clock of every deadline). */
double child_now(void);

/*
 * child_wait - wait for pid until the deadline (child_now() seconds). At the
 * deadline, call at_deadline(ctx) if not NULL (to look at the processes
 * while they still exist), then kill pid's process group and pid, and reap
 * it. Stores the wait status in *status. Returns 1 if the deadline was
 * reached, 0 if the child ended by itself, -1 on error.
 */
int child_wait(pid_t pid, double deadline, int *status, void (*at_deadline)(void *), void *ctx);

#endif

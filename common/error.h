/*
 * error.h - report a failed system call and stop.
 *
 * Every system call used in the labs returns a documented failure value
 * (-1 for most, (void *) -1 for shmat(2), MAP_FAILED for mmap(2), SEM_FAILED
 * for sem_open(3)) and sets errno. Compare with that value, then call one of
 * these helpers with the name of the call that failed:
 *
 *     if (shmctl(shmid, IPC_RMID, NULL) == -1)
 *         die("shmctl(IPC_RMID)");
 *
 * prints "shmctl(IPC_RMID): Invalid argument" on standard error and exits.
 */
#ifndef SHMLAB_ERROR_H
#define SHMLAB_ERROR_H

/*
 * die - print "what: <text of errno>" on stderr and exit(EXIT_FAILURE).
 * Use it in a process that was not created by fork(2), or in a parent.
 */
void die(const char *what);

/*
 * die_child - the same, but ends with _exit(2). Use it in a child created by
 * fork(2): exit(3) would run the parent's atexit(3) handlers a second time and
 * flush a second copy of any stdio output the parent had buffered before fork.
 */
void die_child(const char *what);

/*
 * fail - print a message built like printf(3) (no errno text) on stderr and
 * exit(EXIT_FAILURE). For errors that are not failed calls: bad arguments,
 * unexpected input.
 */
void fail(const char *format, ...);

#endif

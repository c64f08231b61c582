/*
 * preload.h - what the files of the call tracer share (preload.c, posix.c:
 * the wrapped calls; trace.c: the trace; control.c: the grader's settings).
 * Everything here is hidden: a student's program cannot see these names, nor
 * take their place with its own.
 */
#ifndef SHMLAB_PRELOAD_H
#define SHMLAB_PRELOAD_H

#include <semaphore.h>
#include <stddef.h>
#include <sys/sem.h>
#include <sys/types.h>
#include <time.h>

#define TRACE_CHECK   (4L << 10) /* write() mode: how often (bytes written) to look at the size */
#define TRACE_ROOM    128        /* kept at the end of a mapped trace for "~trace truncated" */
#define BLOCK_MIN_NS  20000 /* a call that took less did not wait (its "~block" is taken back) */
#define MAX_OPS_SHOWN 8     /* semop operations written in the trace */

/* The next definition of a wrapped call (the C library's): real_NAME. */
#define REAL(ret, name, params)                                                                    \
    static ret(*real_##name) params;                                                               \
    if (real_##name == NULL)                                                                       \
        *(void **)(&real_##name) = dlsym(RTLD_NEXT, #name);

#pragma GCC visibility push(hidden)

/*
 * A line being made. The hot path (every line's pid and time, the semop
 * lines) is put together by hand: snprintf() costs more than the call it
 * describes.
 */
struct text {
    char buf[512];
    char *p; /* the end so far; buf's last byte is kept for the '\n' */
};

/* A "~block" line written before a call that may wait (block_begin), and
 * taken back after it if the call did not wait after all (block_end). */
struct block {
    struct timespec start;
    int started; /* the line was written */
    long off;    /* its place in the mapped trace, or -1 */
    int len;
};

extern int trace_fd;
extern char *trace_map;               /* the mapped trace's lines, or NULL: write() each line */
extern struct trace_tail *trace_tail; /* in the mapping, shared by all processes of the run */
extern pid_t trace_pid;               /* this process, or 0: not known yet (after a fork) */
extern long trace_written;            /* write() mode: bytes written since it last looked */
extern char fail_call[32];
extern int fail_errno;
extern long fail_skip;      /* FAIL=call:ERRNO:N: calls to let through first */
extern char gate_mode[16];  /* GATE=: "", "parent" or "child" */
extern int gate_release_fd; /* parent side of GATE=child */
extern int forked;
extern int nraises;
extern int child_number; /* N: the N-th child the program fork()ed; 0: not one */
extern int not_parent;   /* this process was fork()ed (by the program or deeper) */

void count_success(const char *call);
void parse_fail(const char *f);
void read_control(void);
int inject(const char *call);
void release_gate_for(int options);
void release_gate(void);
void forget_pid(void);
void map_trace(void);
long put_line(const char *line, int n, const struct timespec *ts);
void put_s(struct text *t, const char *s);
void put_d(struct text *t, long v, int digits);
void line_start(struct text *t, const struct timespec *ts);
long line_end(struct text *t, const struct timespec *ts, int *len);
void trace(const char *format, ...);
void block_begin(struct block *b, const char *what);
int block_end(const struct block *b);
int may_block(const struct sembuf *ops, size_t n);
int sem_value(int id, int num);
void put_semop(struct text *t, const char *call, int id, const struct sembuf *ops, size_t n,
               int flags);
void trace_semop(const char *call, int id, const struct sembuf *ops, size_t n, int r, int waited);
void block_semop(struct block *b, const char *call, int id, const struct sembuf *ops, size_t n);

/* guard.c: the lock guard (GUARD=1) */
extern int guard_on;
void guard_attached(void *addr, int id);
void guard_detached(const void *addr);
void guard_forked(void);
void guard_before_semop(const struct sembuf *ops, size_t n);
void guard_after_semop(const struct sembuf *ops, size_t n, int r);

#pragma GCC visibility pop

#endif

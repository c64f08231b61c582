/*
 * trace.c - the trace: mapped or written, one line per call, built without
 * stdio in the hot paths; "~block" lines for calls that may wait.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../lib/protocol.h"
#include "preload.h"

#pragma GCC visibility push(hidden)

int trace_fd = -1;
char *trace_map;               /* the mapped trace's lines, or NULL: write() each line */
struct trace_tail *trace_tail; /* in the mapping, shared by all processes of the run */
pid_t trace_pid;               /* this process, or 0: not known yet (after a fork) */
long trace_written;            /* write() mode: bytes written since it last looked */
char fail_call[32];
int fail_errno;
char gate_mode[16];       /* GATE=: "", "parent" or "child" */
int gate_release_fd = -1; /* parent side of GATE=child */
int forked;

/* In a new child: its pid is not its parent's (asked again at its first line). */
void forget_pid(void)
{
    trace_pid = 0;
}

/*
 * Map the trace file if it can be (protocol.h): a regular file opened
 * read-write, empty (the first process of the run sizes it) or already
 * mapped by another process of the run. Otherwise lines are written.
 */
void map_trace(void)
{
    void *(*real_mmap)(void *, size_t, int, int, int, off_t);
    unsigned long long none = 0;
    struct stat st;
    char *map;

    *(void **)(&real_mmap) = dlsym(RTLD_NEXT, "mmap"); /* not the traced one below */
    if (real_mmap == NULL || fstat(trace_fd, &st) == -1 || !S_ISREG(st.st_mode) ||
        (fcntl(trace_fd, F_GETFL) & O_ACCMODE) != O_RDWR)
        return;
    if (st.st_size != 0 && st.st_size != TRACE_MAP_SIZE)
        return;
    if (st.st_size == 0 && ftruncate(trace_fd, TRACE_MAP_SIZE) == -1)
        return;
    map = real_mmap(NULL, TRACE_MAP_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, trace_fd, 0);
    if (map == MAP_FAILED)
        return;
    trace_tail = (struct trace_tail *)(map + TRACE_CAP);
    if (!__atomic_compare_exchange_n(&trace_tail->magic, &none, TRACE_MAGIC, 0, __ATOMIC_ACQ_REL,
                                     __ATOMIC_ACQUIRE) &&
        none != TRACE_MAGIC) { /* not a trace file of ours: leave it alone */
        munmap(map, TRACE_MAP_SIZE);
        trace_tail = NULL;
        return;
    }
    trace_map = map;
}

__attribute__((constructor)) static void setup(void)
{
    const char *s = getenv("SHMLAB_TRACE_FD");

    if (s != NULL && fcntl(atoi(s), F_GETFD) != -1) {
        trace_fd = atoi(s);
        map_trace();
    }
    pthread_atfork(NULL, NULL, forget_pid);
    read_control();
    trace("start"); /* the program's own pid first, to tell it from its children */
}

/* The end of a process that exits (not one killed, nor one calling _exit). */
__attribute__((destructor)) static void finish(void)
{
    trace("~exit");
}

/*
 * Put one line (n bytes, its '\n' included) in the trace; returns its
 * offset in the mapped trace, or -1 (written, or left out past the cap).
 */
long put_line(const char *line, int n, const struct timespec *ts)
{
    char note[96];
    int m;

    if (trace_map != NULL) {
        unsigned long long off =
            __atomic_fetch_add(&trace_tail->used, (unsigned long long)n, __ATOMIC_ACQ_REL);

        if (off + (unsigned long long)n <= TRACE_CAP - TRACE_ROOM) {
            memcpy(trace_map + off, line, (size_t)n);
            return (long)off;
        }
        if (off <= TRACE_CAP - TRACE_ROOM) { /* the first line past the end: say so, once */
            m = snprintf(note, sizeof note, "%d %ld.%06ld ~trace truncated\n", (int)trace_pid,
                         (long)ts->tv_sec, ts->tv_nsec / 1000);
            memcpy(trace_map + off, note, (size_t)m);
        }
        trace_map = NULL; /* and nothing more from this process */
        trace_fd = -1;
        return -1;
    }
    if (write(trace_fd, line, (size_t)n) == -1) {
        /* nowhere to report it */
    }
    trace_written += n;
    if (trace_written >= TRACE_CHECK) { /* one fstat() per few KiB: the file is shared */
        struct stat st;

        trace_written = 0;
        if (fstat(trace_fd, &st) == 0 && st.st_size >= TRACE_CAP) {
            m = snprintf(note, sizeof note, "%d %ld.%06ld ~trace truncated\n", (int)trace_pid,
                         (long)ts->tv_sec, ts->tv_nsec / 1000);
            if (write(trace_fd, note, (size_t)m) == -1) {
                /* nowhere to report it */
            }
            trace_fd = -1;
        }
    }
    return -1;
}

void put_s(struct text *t, const char *s)
{
    while (*s != '\0' && t->p < t->buf + sizeof t->buf - 1)
        *t->p++ = *s++;
}

/* v in decimal, at least `digits` digits (zeros first). */
void put_d(struct text *t, long v, int digits)
{
    unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
    char d[24];
    int n = 0;

    do
        d[n++] = (char)('0' + u % 10);
    while ((u /= 10) != 0 || n < digits);
    if (v < 0)
        d[n++] = '-';
    while (n > 0 && t->p < t->buf + sizeof t->buf - 1)
        *t->p++ = d[--n];
}

/* Start a line: "<pid> <seconds> ". */
void line_start(struct text *t, const struct timespec *ts)
{
    if (trace_pid == 0)
        trace_pid = getpid();
    t->p = t->buf;
    put_d(t, trace_pid, 1);
    put_s(t, " ");
    put_d(t, (long)ts->tv_sec, 1);
    put_s(t, ".");
    put_d(t, ts->tv_nsec / 1000, 6);
    put_s(t, " ");
}

/* End the line and put it in the trace; returns put_line()'s offset, its length in *len. */
long line_end(struct text *t, const struct timespec *ts, int *len)
{
    *t->p++ = '\n';
    *len = (int)(t->p - t->buf);
    return put_line(t->buf, *len, ts);
}

/* Append one line to the trace, keeping errno as it was. */
void trace(const char *format, ...)
{
    struct timespec ts;
    struct text t;
    int saved = errno, n;
    size_t room;
    va_list ap;

    if (trace_fd == -1)
        return;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    line_start(&t, &ts);
    room = (size_t)(t.buf + sizeof t.buf - 1 - t.p);
    va_start(ap, format);
    n = vsnprintf(t.p, room, format, ap);
    va_end(ap);
    if (n > 0) /* vsnprintf() wrote at most room - 1 bytes */
        t.p += (size_t)n < room ? (size_t)n : room - 1;
    line_end(&t, &ts, &n);
    errno = saved;
}

/* "~block " and what: the call, e.g. "wait()". */
void block_begin(struct block *b, const char *what)
{
    struct text t;
    int saved = errno;

    b->off = -1;
    b->started = trace_fd != -1;
    if (!b->started)
        return;
    clock_gettime(CLOCK_MONOTONIC, &b->start);
    line_start(&t, &b->start);
    put_s(&t, "~block ");
    put_s(&t, what);
    b->off = line_end(&t, &b->start, &b->len);
    errno = saved;
}

/* After the call: did it wait? If not, its line is taken back (a mapped trace). */
int block_end(const struct block *b)
{
    unsigned long long end = (unsigned long long)b->off + (unsigned long long)b->len;
    struct timespec now;
    char *map = trace_map;

    if (!b->started)
        return 0;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if ((now.tv_sec - b->start.tv_sec) * 1000000000L + (now.tv_nsec - b->start.tv_nsec) >=
        BLOCK_MIN_NS)
        return 1; /* it waited: the line stays */
    if (b->off < 0 || map == NULL)
        return 0;
    map[b->off] = TRACE_RETRACTED;
    /* No line since: give the room back too (release: the mark comes first). */
    __atomic_compare_exchange_n(&trace_tail->used, &end, (unsigned long long)b->off, 0,
                                __ATOMIC_ACQ_REL, __ATOMIC_RELAXED);
    return 0;
}

/* May a semop() with these operations block? (a P, or a wait for zero) */
int may_block(const struct sembuf *ops, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (ops[i].sem_op <= 0 && !(ops[i].sem_flg & IPC_NOWAIT))
            return 1;
    return 0;
}

/* The value of semaphore num of set id now, or -1 (not the traced semctl). */
int sem_value(int id, int num)
{
    REAL(int, semctl, (int, int, int, ...));
    return real_semctl(id, num, GETVAL, 0);
}

/* put_s() the call and its operations: "semop(3, {0, -1, SEM_UNDO}, {1, 1, 0}". */
void put_semop(struct text *t, const char *call, int id, const struct sembuf *ops, size_t n,
               int flags)
{
    size_t i;

    put_s(t, call);
    put_s(t, "(");
    put_d(t, id, 1);
    for (i = 0; i < n && i < MAX_OPS_SHOWN; i++) {
        int undo = ops[i].sem_flg & SEM_UNDO, nowait = ops[i].sem_flg & IPC_NOWAIT;

        put_s(t, ", {");
        put_d(t, ops[i].sem_num, 1);
        put_s(t, ", ");
        put_d(t, ops[i].sem_op, 1);
        if (flags)
            put_s(t, undo && nowait ? ", SEM_UNDO|IPC_NOWAIT}"
                     : undo         ? ", SEM_UNDO}"
                     : nowait       ? ", IPC_NOWAIT}"
                                    : ", 0}");
        else
            put_s(t, "}");
    }
    if (n > MAX_OPS_SHOWN)
        put_s(t, ", ...");
}

/*
 * A semop's line: "semop(3, {0, -1, SEM_UNDO}, {1, 1, 0}) = 0 [val 0, 2]":
 * each operation (the first MAX_OPS_SHOWN), the result, and after a success
 * the value of each operation's semaphore, if the call could not wait (a V)
 * or waited: a semctl(GETVAL) each, kept out of a P that got through at once
 * (the start of most critical sections, where any time spent is multiplied
 * by the processes waiting for the lock).
 */
void trace_semop(const char *call, int id, const struct sembuf *ops, size_t n, int r, int waited)
{
    struct timespec ts;
    struct text t;
    size_t i;
    int saved = errno, len;

    if (trace_fd == -1)
        return;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    line_start(&t, &ts);
    put_semop(&t, call, id, ops, n, 1);
    put_s(&t, ") = ");
    put_d(&t, r, 1);
    if (r == -1) {
        put_s(&t, " ");
        put_s(&t, strerror(saved));
    }
    if (r == 0 && n > 0 && (waited || !may_block(ops, n))) {
        for (i = 0; i < n && i < MAX_OPS_SHOWN; i++) {
            put_s(&t, i == 0 ? " [val " : ", ");
            put_d(&t, sem_value(id, ops[i].sem_num), 1);
        }
        put_s(&t, "]");
    }
    line_end(&t, &ts, &len);
    errno = saved;
}

/* Before a semop that may wait: its "~block" line (the first operation only). */
void block_semop(struct block *b, const char *call, int id, const struct sembuf *ops, size_t n)
{
    struct text t;

    b->off = -1;
    b->started = 0;
    if (trace_fd == -1 || !may_block(ops, n))
        return;
    t.p = t.buf;
    put_semop(&t, call, id, ops, 1, 0);
    put_s(&t, ")");
    *t.p = '\0';
    block_begin(b, t.buf);
}

#pragma GCC visibility pop

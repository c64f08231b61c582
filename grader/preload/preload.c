/*
 * preload.c - LD_PRELOAD library loaded into every program the grader runs.
 *
 * It does three things, driven by the settings the sandbox gives it (see
 * ../lib/protocol.h); without them it only passes calls through.
 *
 * In the environment:
 *   SHMLAB_TRACE_FD=N      write one line per IPC call to fd N:
 *                          "1234 5.000123 shmat(5, (nil), 0) = 0x7f... "
 *                          (pid, CLOCK_MONOTONIC seconds, the call). An
 *                          empty file opened read-write is mapped shared
 *                          (../lib/protocol.h): a line is a copy into it, no
 *                          system call, and it is there even if the process
 *                          is killed the next instant. Anything else gets a
 *                          write() per line.
 *   SHMLAB_CHILD_OUT_FD=N  the first fork()ed child writes its stdout to fd N,
 *                          so the parent's output can be told from the child's
 *   SHMLAB_CONTROL_FD=N    a pipe holding the settings below, one per line,
 *                          read once at start-up and closed: the program
 *                          cannot read them in its environment
 *
 * In the control pipe:
 *   FAIL=call:ERRNO        make the first call of `call` fail with ERRNO,
 *                          as the kernel would (fault injection)
 *   GATE=parent            after the first fork(), hold the parent until the
 *                          child has ended: any order the child needs is met
 *   GATE=child             after the first fork(), hold the child until the
 *                          parent calls wait*() or ends: a parent that reads
 *                          shared data without waiting is caught every time
 *   RAISE=WHO:CALL:N:SIG[,...]
 *                          a process raises a signal right after its N-th
 *                          successful call of CALL (once): WHO is "parent"
 *                          (the program itself) or "child" (the first child
 *                          it fork()s; other children never do); SIG is STOP
 *                          or KILL; CALL is a wrapped call (shmget, shmat,
 *                          shmdt, shmctl, semget, semctl, semop; semtimedop
 *                          counts as semop) or "semop-lock" (a semop with a
 *                          negative sem_op: a P).
 *                          A process stops at most once: after the first STOP
 *                          rule that fires, its other STOP rules are dropped.
 *                          E.g. "parent:semctl:1:STOP,parent:semop:1:STOP"
 *                          stops the program once its semaphore is initialised
 *                          (by SETVAL or by a first V), so the grader can look
 *                          at its objects; "child:semop-lock:5:KILL" kills the
 *                          first child while it holds a lock.
 *
 * A successful semop or semtimedop line that could not wait (a V) or that
 * waited (at least BLOCK_MIN_NS) ends with the value of each operation's
 * semaphore just after the call (semctl GETVAL, racing with the other
 * processes like any look): "semop(3, {0, -1, SEM_UNDO}) = 0 [val 0]". A P
 * that got through at once has none: there, the system call would lengthen
 * the critical section it starts. Every operation is shown, up to
 * MAX_OPS_SHOWN.
 *
 * Lines for the timeline (the HTML feedback page) start with '~', and the
 * sandbox keeps them out of the trace the suites read, so the lines above
 * read as they always did:
 *   "~block semop(3, {0, -1})"      about to wait in a call: a semop that
 *                                   may wait (a P, or a wait for zero), or
 *                                   wait() or waitpid(). Written before the
 *                                   call, so that a process killed while it
 *                                   waits still shows it; in a mapped trace,
 *                                   taken back when the call returned within
 *                                   BLOCK_MIN_NS (it did not wait). A
 *                                   sem_wait is tried first (sem_trywait:
 *                                   no system call) and shows the line only
 *                                   when it would wait.
 *   "~sem_wait(0x7f...) = 0 [val 0]" POSIX semaphore operations, with the
 *                                   value after (sem_getvalue)
 *   "~exit"                         the process is ending (exit or return)
 *   "~trace truncated"              past TRACE_CAP bytes, nothing more is
 *                                   written (the file size limit would kill
 *                                   the program with SIGXFSZ)
 *
 * Each process knows its pid without asking the kernel each line: it is
 * forgotten in a child (pthread_atfork: fork() and whatever in libc forks)
 * and asked again. A child made by vfork() that calls a traced function
 * before it execs, or by clone() or _Fork() directly, shows its parent's pid.
 *
 * The trace explains a verdict; it never decides one: points come from the
 * state the grader observes. Calls made with syscall(2) or from a static
 * binary are not seen.
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

#define TRACE_CHECK   (4L << 10) /* write() mode: how often (bytes written) to look at the size */
#define TRACE_ROOM    128        /* kept at the end of a mapped trace for "~trace truncated" */
#define BLOCK_MIN_NS  20000 /* a call that took less did not wait (its "~block" is taken back) */
#define MAX_OPS_SHOWN 8     /* semop operations written in the trace */

static int trace_fd = -1;
static char *trace_map;               /* the mapped trace's lines, or NULL: write() each line */
static struct trace_tail *trace_tail; /* in the mapping, shared by all processes of the run */
static pid_t trace_pid;               /* this process, or 0: not known yet (after a fork) */
static long trace_written;            /* write() mode: bytes written since it last looked */
static void trace(const char *format, ...);
static char fail_call[32];
static int fail_errno;
static char gate_mode[16];       /* GATE=: "", "parent" or "child" */
static int gate_release_fd = -1; /* parent side of GATE=child */
static void release_gate(void);
static int forked;

/* SHMLAB_RAISE: the rules, and which process this is. */
#define MAX_RAISE 4
static struct {
    int child;     /* 0: the program itself, 1: its first fork()ed child */
    char call[16]; /* e.g. "semop-lock" */
    long after;    /* raise after this many successful calls */
    long seen;     /* successful calls so far, in this process */
    int sig;       /* SIGSTOP or SIGKILL; 0 once raised */
} raises[MAX_RAISE];
static int nraises;
static int first_child; /* this process is the program's first fork()ed child */
static int not_parent;  /* this process was fork()ed (by the program or deeper) */

static const struct {
    const char *name;
    int value;
} errnos[] = {
    {"ENOMEM", ENOMEM}, {"ENOSPC", ENOSPC}, {"EINVAL", EINVAL}, {"EACCES", EACCES},
    {"ENOENT", ENOENT}, {"EAGAIN", EAGAIN}, {"EEXIST", EEXIST}, {"EIDRM", EIDRM},
    {"EINTR", EINTR},   {"EPERM", EPERM},   {"EMFILE", EMFILE}, {"EFBIG", EFBIG},
};

/* Read the rules of SHMLAB_RAISE ("WHO:CALL:N:SIG,..."); ignore a malformed one. */
static void parse_raise(const char *list)
{
    char who[16], call[16], sig[16];
    long after;

    while (list != NULL && *list != '\0' && nraises < MAX_RAISE) {
        if (sscanf(list, "%15[^:]:%15[^:]:%ld:%15[^,]", who, call, &after, sig) == 4 && after > 0 &&
            (strcmp(who, "parent") == 0 || strcmp(who, "child") == 0) &&
            (strcmp(sig, "STOP") == 0 || strcmp(sig, "KILL") == 0)) {
            raises[nraises].child = strcmp(who, "child") == 0;
            strcpy(raises[nraises].call, call);
            raises[nraises].after = after;
            raises[nraises].seen = 0;
            raises[nraises].sig = strcmp(sig, "STOP") == 0 ? SIGSTOP : SIGKILL;
            nraises++;
        }
        list = strchr(list, ',');
        if (list != NULL)
            list++;
    }
}

/* A call succeeded: raise a signal if a rule of SHMLAB_RAISE says so. */
static void count_success(const char *call)
{
    int i;

    for (i = 0; i < nraises; i++) {
        int mine = raises[i].child ? first_child : !not_parent;

        if (!mine || raises[i].sig == 0 || strcmp(raises[i].call, call) != 0)
            continue;
        if (++raises[i].seen == raises[i].after) {
            int sig = raises[i].sig, saved = errno, j;

            raises[i].sig = 0;
            if (sig == SIGSTOP) /* one stop per process: the first rule that fires */
                for (j = 0; j < nraises; j++)
                    if (raises[j].sig == SIGSTOP && raises[j].child == raises[i].child)
                        raises[j].sig = 0;
            trace("%s: raising %s after %ld calls", call, sig == SIGSTOP ? "SIGSTOP" : "SIGKILL",
                  raises[i].after);
            raise(sig);
            errno = saved;
        }
    }
}

/* FAIL=call:ERRNO: remember the fault to inject. */
static void parse_fail(const char *f)
{
    size_t n = (size_t)(strchr(f, ':') - f), i;

    if (n >= sizeof fail_call)
        return;
    memcpy(fail_call, f, n);
    fail_call[n] = '\0';
    for (i = 0; i < sizeof errnos / sizeof errnos[0]; i++)
        if (strcmp(errnos[i].name, f + n + 1) == 0)
            fail_errno = errnos[i].value;
}

/* Read the control pipe once, then close it: its settings live only here. */
static void read_control(void)
{
    const char *s = getenv("SHMLAB_CONTROL_FD");
    char text[2048], *line, *save = NULL;
    size_t len = 0;
    ssize_t n;
    int fd;

    if (s == NULL || fcntl(fd = atoi(s), F_GETFD) == -1)
        return;
    while (len < sizeof text - 1 && (n = read(fd, text + len, sizeof text - 1 - len)) > 0)
        len += (size_t)n;
    text[len] = '\0';
    close(fd);
    unsetenv("SHMLAB_CONTROL_FD"); /* programs the program execs start afresh */
    for (line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
        if (strncmp(line, "FAIL=", 5) == 0 && strchr(line + 5, ':') != NULL)
            parse_fail(line + 5); /* only this process injects: its children run unharmed */
        else if (strncmp(line, "GATE=", 5) == 0)
            snprintf(gate_mode, sizeof gate_mode, "%s", line + 5);
        else if (strncmp(line, "RAISE=", 6) == 0)
            parse_raise(line + 6);
    }
}

/* In a new child: its pid is not its parent's (asked again at its first line). */
static void forget_pid(void)
{
    trace_pid = 0;
}

/*
 * Map the trace file if it can be (protocol.h): a regular file opened
 * read-write, empty (the first process of the run sizes it) or already
 * mapped by another process of the run. Otherwise lines are written.
 */
static void map_trace(void)
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
static long put_line(const char *line, int n, const struct timespec *ts)
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

/*
 * A line being made. The hot path (every line's pid and time, the semop
 * lines) is put together by hand: snprintf() costs more than the call it
 * describes.
 */
struct text {
    char buf[512];
    char *p; /* the end so far; buf's last byte is kept for the '\n' */
};

static void put_s(struct text *t, const char *s)
{
    while (*s != '\0' && t->p < t->buf + sizeof t->buf - 1)
        *t->p++ = *s++;
}

/* v in decimal, at least `digits` digits (zeros first). */
static void put_d(struct text *t, long v, int digits)
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
static void line_start(struct text *t, const struct timespec *ts)
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
static long line_end(struct text *t, const struct timespec *ts, int *len)
{
    *t->p++ = '\n';
    *len = (int)(t->p - t->buf);
    return put_line(t->buf, *len, ts);
}

/* Append one line to the trace, keeping errno as it was. */
static void trace(const char *format, ...)
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

/* A "~block" line written before a call that may wait (block_begin), and
 * taken back after it if the call did not wait after all (block_end). */
struct block {
    struct timespec start;
    int started; /* the line was written */
    long off;    /* its place in the mapped trace, or -1 */
    int len;
};

/* "~block " and what: the call, e.g. "wait()". */
static void block_begin(struct block *b, const char *what)
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
static int block_end(const struct block *b)
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
static int may_block(const struct sembuf *ops, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (ops[i].sem_op <= 0 && !(ops[i].sem_flg & IPC_NOWAIT))
            return 1;
    return 0;
}

/* Should this call fail now? True once, for the first call of that name. */
static int inject(const char *call)
{
    if (fail_errno <= 0 || strcmp(call, fail_call) != 0) /* <= 0: none, or used up */
        return 0;
    fail_errno = 0 - fail_errno; /* negative: used up, remembered for the trace */
    errno = -fail_errno;
    trace("%s: failure injected (%s)", call, strerror(errno));
    return 1;
}

#define REAL(ret, name, params)                                                                    \
    static ret(*real_##name) params;                                                               \
    if (real_##name == NULL)                                                                       \
        *(void **)(&real_##name) = dlsym(RTLD_NEXT, #name);

/* The value of semaphore num of set id now, or -1 (not the traced semctl). */
static int sem_value(int id, int num)
{
    REAL(int, semctl, (int, int, int, ...));
    return real_semctl(id, num, GETVAL, 0);
}

/* put_s() the call and its operations: "semop(3, {0, -1, SEM_UNDO}, {1, 1, 0}". */
static void put_semop(struct text *t, const char *call, int id, const struct sembuf *ops, size_t n,
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
static void trace_semop(const char *call, int id, const struct sembuf *ops, size_t n, int r,
                        int waited)
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
static void block_semop(struct block *b, const char *call, int id, const struct sembuf *ops,
                        size_t n)
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

/*
 * The parent waits for its child (GATE=child): let the child go. A wait that
 * does not block (WNOHANG) is not a wait: a parent that polls once and then
 * reads shared data has not waited, so the first such poll keeps the child
 * held; a loop of polls releases it at the second, and ends as it should.
 */
static void release_gate_for(int options)
{
    static int polls;

    if ((options & WNOHANG) && polls++ == 0)
        return;
    release_gate();
}

static void release_gate(void)
{
    if (gate_release_fd != -1) {
        char c = 1;

        if (write(gate_release_fd, &c, 1) == -1) {
            /* the child will be released when we exit */
        }
        close(gate_release_fd);
        gate_release_fd = -1;
    }
}

pid_t fork(void)
{
    REAL(pid_t, fork, (void));
    const char *gate = forked || gate_mode[0] == '\0' ? NULL : gate_mode;
    const char *out = forked ? NULL : getenv("SHMLAB_CHILD_OUT_FD");
    int gfd[2] = {-1, -1}, first = !forked;
    pid_t pid;
    char c;

    if (inject("fork"))
        return -1;
    forked = 1;
    if (gate != NULL && pipe2(gfd, O_CLOEXEC) == -1)
        gate = NULL;
    pid = real_fork();
    if (pid == 0) {
        first_child = first && !not_parent;
        not_parent = 1;
        if (out != NULL && dup2(atoi(out), STDOUT_FILENO) != -1)
            close(atoi(out));
        if (gate != NULL && strcmp(gate, "child") == 0) {
            close(gfd[1]);
            while (read(gfd[0], &c, 1) == -1 && errno == EINTR)
                ;
            close(gfd[0]);
        } else if (gate != NULL) {
            close(gfd[0]); /* gfd[1] closes when this child ends */
        }
        return 0;
    }
    if (first && out != NULL)
        close(atoi(out));
    trace("fork() = %d", (int)pid); /* before a gate may hold this process */
    if (gate != NULL && pid > 0 && strcmp(gate, "child") == 0) {
        close(gfd[0]);
        gate_release_fd = gfd[1];
    } else if (gate != NULL && pid > 0) {
        ssize_t n;

        close(gfd[1]);
        do /* until end of file: the child, and whatever inherited the pipe, ended */
            n = read(gfd[0], &c, 1);
        while (n > 0 || (n == -1 && errno == EINTR));
        close(gfd[0]);
    } else if (gate != NULL) {
        close(gfd[0]);
        close(gfd[1]);
    }
    return pid;
}

pid_t wait(int *status)
{
    REAL(pid_t, wait, (int *));
    pid_t r;

    struct block b;

    release_gate();
    block_begin(&b, "wait()");
    r = real_wait(status);
    block_end(&b);
    trace("wait() = %d", (int)r);
    return r;
}

pid_t waitpid(pid_t pid, int *status, int options)
{
    REAL(pid_t, waitpid, (pid_t, int *, int));
    struct block b = {.off = -1};
    pid_t r;

    release_gate_for(options);
    if (!(options & WNOHANG)) {
        char what[32];

        snprintf(what, sizeof what, "waitpid(%d)", (int)pid);
        block_begin(&b, what);
    }
    r = real_waitpid(pid, status, options);
    block_end(&b);
    trace("waitpid(%d, %d) = %d", (int)pid, options, (int)r);
    return r;
}

int waitid(idtype_t idtype, id_t id, siginfo_t *info, int options)
{
    REAL(int, waitid, (idtype_t, id_t, siginfo_t *, int));
    int r;

    release_gate_for(options);
    r = real_waitid(idtype, id, info, options);
    trace("waitid(%d, %d) = %d", (int)idtype, (int)id, r);
    return r;
}

pid_t wait3(int *status, int options, struct rusage *usage)
{
    REAL(pid_t, wait3, (int *, int, struct rusage *));
    release_gate_for(options);
    return real_wait3(status, options, usage);
}

pid_t wait4(pid_t pid, int *status, int options, struct rusage *usage)
{
    REAL(pid_t, wait4, (pid_t, int *, int, struct rusage *));
    release_gate_for(options);
    return real_wait4(pid, status, options, usage);
}

key_t ftok(const char *path, int id)
{
    REAL(key_t, ftok, (const char *, int));
    key_t r;

    if (inject("ftok"))
        return -1;
    r = real_ftok(path, id);
    trace("ftok(\"%s\", %d) = 0x%08x%s", path, id, (unsigned)r, r == -1 ? strerror(errno) : "");
    return r;
}

int shmget(key_t key, size_t size, int flags)
{
    REAL(int, shmget, (key_t, size_t, int));
    int r;

    if (inject("shmget"))
        return -1;
    r = real_shmget(key, size, flags);
    trace("shmget(0x%08x, %zu, 0%o) = %d %s", (unsigned)key, size, (unsigned)flags, r,
          r == -1 ? strerror(errno) : "");
    if (r != -1)
        count_success("shmget");
    return r;
}

void *shmat(int id, const void *addr, int flags)
{
    REAL(void *, shmat, (int, const void *, int));
    void *r;

    if (inject("shmat"))
        return (void *)-1;
    r = real_shmat(id, addr, flags);
    trace("shmat(%d, %p, 0%o) = %p %s", id, addr, (unsigned)flags, r,
          r == (void *)-1 ? strerror(errno) : "");
    if (r != (void *)-1)
        count_success("shmat");
    return r;
}

int shmdt(const void *addr)
{
    REAL(int, shmdt, (const void *));
    int r;

    if (inject("shmdt"))
        return -1;
    r = real_shmdt(addr);
    trace("shmdt(%p) = %d", addr, r);
    if (r != -1)
        count_success("shmdt");
    return r;
}

int shmctl(int id, int cmd, struct shmid_ds *buf)
{
    REAL(int, shmctl, (int, int, struct shmid_ds *));
    int r;

    if (inject("shmctl"))
        return -1;
    r = real_shmctl(id, cmd, buf);
    trace("shmctl(%d, %s, %p) = %d %s", id,
          cmd == IPC_RMID   ? "IPC_RMID"
          : cmd == IPC_STAT ? "IPC_STAT"
          : cmd == IPC_SET  ? "IPC_SET"
                            : "other",
          (void *)buf, r, r == -1 ? strerror(errno) : "");
    if (r != -1)
        count_success("shmctl");
    return r;
}

int semget(key_t key, int nsems, int flags)
{
    REAL(int, semget, (key_t, int, int));
    int r;

    if (inject("semget"))
        return -1;
    r = real_semget(key, nsems, flags);
    trace("semget(0x%08x, %d, 0%o) = %d", (unsigned)key, nsems, (unsigned)flags, r);
    if (r != -1)
        count_success("semget");
    return r;
}

/* semctl(2) is variadic; the fourth argument, a union semun, is passed like a
 * pointer-sized integer on the ABIs the kit supports (x86-64, AArch64). */
int semctl(int id, int num, int cmd, ...)
{
    REAL(int, semctl, (int, int, int, ...));
    unsigned long arg;
    va_list ap;
    int r;

    va_start(ap, cmd);
    arg = va_arg(ap, unsigned long);
    va_end(ap);
    if (inject("semctl"))
        return -1;
    r = real_semctl(id, num, cmd, arg);
    trace("semctl(%d, %d, %s) = %d", id, num,
          cmd == IPC_RMID ? "IPC_RMID"
          : cmd == SETVAL ? "SETVAL"
          : cmd == GETVAL ? "GETVAL"
          : cmd == SETALL ? "SETALL"
                          : "other",
          r);
    if (r != -1)
        count_success("semctl");
    return r;
}

int semop(int id, struct sembuf *ops, size_t n)
{
    REAL(int, semop, (int, struct sembuf *, size_t));
    struct block b = {.off = -1};
    int r;

    if (inject("semop"))
        return -1;
    block_semop(&b, "semop", id, ops, n);
    r = real_semop(id, ops, n);
    trace_semop("semop", id, ops, n, r, block_end(&b));
    if (r != -1) {
        size_t i;
        int lock = 0;

        for (i = 0; i < n; i++)
            lock |= ops[i].sem_op < 0;
        count_success("semop");
        if (lock)
            count_success("semop-lock");
    }
    return r;
}

/* semtimedop(2): a P with a time limit; counted like semop for SHMLAB_RAISE. */
int semtimedop(int id, struct sembuf *ops, size_t n, const struct timespec *timeout)
{
    REAL(int, semtimedop, (int, struct sembuf *, size_t, const struct timespec *));
    struct block b = {.off = -1};
    int r;

    if (inject("semtimedop"))
        return -1;
    block_semop(&b, "semtimedop", id, ops, n);
    r = real_semtimedop(id, ops, n, timeout);
    trace_semop("semtimedop", id, ops, n, r, block_end(&b));
    if (r != -1) {
        size_t i;
        int lock = 0;

        for (i = 0; i < n; i++)
            lock |= ops[i].sem_op < 0;
        count_success("semop");
        if (lock)
            count_success("semop-lock");
    }
    return r;
}

int shm_open(const char *name, int flags, mode_t mode)
{
    REAL(int, shm_open, (const char *, int, mode_t));
    int r;

    if (inject("shm_open"))
        return -1;
    r = real_shm_open(name, flags, mode);
    trace("shm_open(\"%s\", 0%o, 0%o) = %d %s", name, (unsigned)flags, (unsigned)mode, r,
          r == -1 ? strerror(errno) : "");
    return r;
}

int shm_unlink(const char *name)
{
    REAL(int, shm_unlink, (const char *));
    int r;

    if (inject("shm_unlink"))
        return -1;
    r = real_shm_unlink(name);
    trace("shm_unlink(\"%s\") = %d", name, r);
    return r;
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
    REAL(void *, mmap, (void *, size_t, int, int, int, off_t));
    void *r;

    if ((flags & MAP_SHARED) && inject("mmap"))
        return MAP_FAILED;
    r = real_mmap(addr, len, prot, flags, fd, off);
    if (flags & MAP_SHARED) /* private maps are malloc's business */
        trace("mmap(%p, %zu, %d, MAP_SHARED, %d, %ld) = %p", addr, len, prot, fd, (long)off, r);
    return r;
}

sem_t *sem_open(const char *name, int flags, ...)
{
    REAL(sem_t *, sem_open, (const char *, int, ...));
    mode_t mode = 0;
    unsigned value = 0;
    sem_t *r;
    va_list ap;

    if (flags & O_CREAT) {
        va_start(ap, flags);
        mode = (mode_t)va_arg(ap, unsigned);
        value = va_arg(ap, unsigned);
        va_end(ap);
    }
    if (inject("sem_open"))
        return SEM_FAILED;
    r = real_sem_open(name, flags, mode, value);
    trace("sem_open(\"%s\", 0%o, 0%o, %u) = %p", name, (unsigned)flags, (unsigned)mode, value,
          (void *)r);
    return r;
}

int sem_unlink(const char *name)
{
    REAL(int, sem_unlink, (const char *));
    int r;

    if (inject("sem_unlink"))
        return -1;
    r = real_sem_unlink(name);
    trace("sem_unlink(\"%s\") = %d", name, r);
    return r;
}

int sem_init(sem_t *sem, int pshared, unsigned value)
{
    REAL(int, sem_init, (sem_t *, int, unsigned));
    int r;

    if (inject("sem_init"))
        return -1;
    r = real_sem_init(sem, pshared, value);
    trace("sem_init(%p, %d, %u) = %d", (void *)sem, pshared, value, r);
    return r;
}

/*
 * POSIX semaphore operations: traced for the timeline only ('~' lines), with
 * errno and behaviour those of the real calls, and the value after a
 * success (sem_getvalue: no system call). No fault is injected here.
 */
/* The value of a POSIX semaphore after a successful call, " [val N]", or "". */
static const char *posix_value(sem_t *sem, int r, char *out, size_t size)
{
    int v;

    out[0] = '\0';
    if (r == 0 && sem_getvalue(sem, &v) == 0)
        snprintf(out, size, " [val %d]", v);
    return out;
}

/* Before a sem_wait(), while tracing: sem_trywait() first (no system call),
 * and the "~block" line only when it would wait. Returns the try's result,
 * or -2: make the real call (which may block). */
static int try_wait(sem_t *sem, const char *call)
{
    REAL(int, sem_trywait, (sem_t *));
    int r;

    if (trace_fd == -1)
        return -2;
    r = real_sem_trywait(sem);
    if (r != -1 || errno != EAGAIN)
        return r;
    trace("~block %s(%p)", call, (void *)sem);
    return -2;
}

int sem_wait(sem_t *sem)
{
    REAL(int, sem_wait, (sem_t *));
    char val[32];
    int r, saved;

    r = try_wait(sem, "sem_wait");
    if (r == -2)
        r = real_sem_wait(sem);
    saved = errno;
    trace("~sem_wait(%p) = %d%s%s", (void *)sem, r, r == -1 ? " " : "",
          r == -1 ? strerror(saved) : posix_value(sem, r, val, sizeof val));
    errno = saved;
    return r;
}

int sem_timedwait(sem_t *sem, const struct timespec *abstime)
{
    REAL(int, sem_timedwait, (sem_t *, const struct timespec *));
    char val[32];
    int r, saved;

    r = try_wait(sem, "sem_timedwait");
    if (r == -2)
        r = real_sem_timedwait(sem, abstime);
    saved = errno;
    trace("~sem_timedwait(%p) = %d%s%s", (void *)sem, r, r == -1 ? " " : "",
          r == -1 ? strerror(saved) : posix_value(sem, r, val, sizeof val));
    errno = saved;
    return r;
}

int sem_trywait(sem_t *sem)
{
    REAL(int, sem_trywait, (sem_t *));
    char val[32];
    int r, saved;

    r = real_sem_trywait(sem);
    saved = errno;
    trace("~sem_trywait(%p) = %d%s%s", (void *)sem, r, r == -1 ? " " : "",
          r == -1 ? strerror(saved) : posix_value(sem, r, val, sizeof val));
    errno = saved;
    return r;
}

int sem_post(sem_t *sem)
{
    REAL(int, sem_post, (sem_t *));
    char val[32];
    int r, saved;

    r = real_sem_post(sem);
    saved = errno;
    trace("~sem_post(%p) = %d%s", (void *)sem, r, posix_value(sem, r, val, sizeof val));
    errno = saved;
    return r;
}

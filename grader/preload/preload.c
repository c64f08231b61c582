/*
 * preload.c - LD_PRELOAD library loaded into every program the grader runs.
 *
 * It does three things, driven by the settings the sandbox gives it (see
 * ../lib/protocol.h); without them it only passes calls through.
 *
 * In the environment:
 *   SHMLAB_TRACE_FD=N      write one line per IPC call to fd N:
 *                          "1234 5.000123 shmat(5, (nil), 0) = 0x7f... "
 *                          (pid, CLOCK_MONOTONIC seconds, the call)
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
 * Lines for the timeline (the HTML feedback page) start with '~', and the
 * sandbox keeps them out of the trace the suites read, so the lines above
 * read as they always did:
 *   "~block semop(3, {0, -1})"      about to wait in a call (a semop or
 *                                   sem_wait that cannot proceed at once:
 *                                   tried first without waiting), or in
 *                                   wait() or waitpid()
 *   "~sem_wait(0x7f...) = 0"        POSIX semaphore operations
 *   "~exit"                         the process is ending (exit or return)
 *   "~trace truncated"              past TRACE_CAP bytes, nothing more is
 *                                   written (the file size limit would kill
 *                                   the program with SIGXFSZ)
 *
 * The trace explains a verdict; it never decides one: points come from the
 * state the grader observes. Calls made with syscall(2) or from a static
 * binary are not seen.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
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

#define TRACE_CAP   (4L << 20) /* bytes of trace, all processes together */
#define TRACE_CHECK (4L << 10) /* how often (bytes written) to look at the size */

static int trace_fd = -1;
static long trace_written; /* bytes this process wrote since it last looked */
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

__attribute__((constructor)) static void setup(void)
{
    const char *s = getenv("SHMLAB_TRACE_FD");

    if (s != NULL && fcntl(atoi(s), F_GETFD) != -1)
        trace_fd = atoi(s);
    read_control();
    trace("start"); /* the program's own pid first, to tell it from its children */
}

/* The end of a process that exits (not one killed, nor one calling _exit). */
__attribute__((destructor)) static void finish(void)
{
    trace("~exit");
}

/* Append one line to the trace, keeping errno as it was. */
static void trace(const char *format, ...)
{
    char line[512];
    int saved = errno, n;
    struct timespec ts;
    va_list ap;

    if (trace_fd == -1)
        return;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    n = snprintf(line, sizeof line, "%d %ld.%06ld ", (int)getpid(), (long)ts.tv_sec,
                 ts.tv_nsec / 1000);
    va_start(ap, format);
    n += vsnprintf(line + n, sizeof line - (size_t)n - 1, format, ap);
    va_end(ap);
    if (n > (int)sizeof line - 2)
        n = (int)sizeof line - 2;
    line[n++] = '\n';
    if (write(trace_fd, line, (size_t)n) == -1) {
        /* nowhere to report it */
    }
    trace_written += n;
    if (trace_written >= TRACE_CHECK) { /* one fstat() per few KiB: the file is shared */
        struct stat st;

        trace_written = 0;
        if (fstat(trace_fd, &st) == 0 && st.st_size >= TRACE_CAP) {
            n = snprintf(line, sizeof line, "%d %ld.%06ld ~trace truncated\n", (int)getpid(),
                         (long)ts.tv_sec, ts.tv_nsec / 1000);
            if (write(trace_fd, line, (size_t)n) == -1) {
                /* nowhere to report it */
            }
            trace_fd = -1;
        }
    }
    errno = saved;
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

/*
 * Before a semop() that may block, while tracing: try it without waiting (a
 * copy of the operations with IPC_NOWAIT, all or nothing like the call
 * itself), and write the "~block" line only when it would have to wait:
 * most P operations proceed at once, and a line costs a write(). Returns
 * the try's result, or -2: make the real call (which may block).
 */
static int try_first(int id, const struct sembuf *ops, size_t n, const char *call)
{
    REAL(int, semop, (int, struct sembuf *, size_t));
    struct sembuf copy[16];
    size_t i;
    int r;

    if (trace_fd == -1 || !may_block(ops, n))
        return -2;
    if (n <= sizeof copy / sizeof copy[0]) {
        for (i = 0; i < n; i++) {
            copy[i] = ops[i];
            copy[i].sem_flg |= IPC_NOWAIT;
        }
        r = real_semop(id, copy, n);
        if (r != -1 || errno != EAGAIN)
            return r; /* done, or an error the blocking call would give too */
    }
    trace("~block %s(%d, {%d, %d})", call, id, ops[0].sem_num, ops[0].sem_op);
    return -2;
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

    release_gate();
    trace("~block wait()");
    r = real_wait(status);
    trace("wait() = %d", (int)r);
    return r;
}

pid_t waitpid(pid_t pid, int *status, int options)
{
    REAL(pid_t, waitpid, (pid_t, int *, int));
    pid_t r;

    release_gate_for(options);
    if (!(options & WNOHANG))
        trace("~block waitpid(%d)", (int)pid);
    r = real_waitpid(pid, status, options);
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
    int r;

    if (inject("semop"))
        return -1;
    r = try_first(id, ops, n, "semop");
    if (r == -2)
        r = real_semop(id, ops, n);
    trace("semop(%d, {%d, %d, %s}%s) = %d", id, n > 0 ? ops[0].sem_num : -1,
          n > 0 ? ops[0].sem_op : 0, n > 0 && (ops[0].sem_flg & SEM_UNDO) ? "SEM_UNDO" : "0",
          n > 1 ? ", ..." : "", r);
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
    int r;

    if (inject("semtimedop"))
        return -1;
    r = try_first(id, ops, n, "semtimedop");
    if (r == -2)
        r = real_semtimedop(id, ops, n, timeout);
    trace("semtimedop(%d, {%d, %d, %s}%s) = %d", id, n > 0 ? ops[0].sem_num : -1,
          n > 0 ? ops[0].sem_op : 0, n > 0 && (ops[0].sem_flg & SEM_UNDO) ? "SEM_UNDO" : "0",
          n > 1 ? ", ..." : "", r);
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
 * errno and behaviour those of the real calls. No fault is injected here.
 */
/* As try_first(), for a POSIX semaphore: sem_trywait() first, while tracing. */
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
    int r, saved;

    r = try_wait(sem, "sem_wait");
    if (r == -2)
        r = real_sem_wait(sem);
    saved = errno;
    trace("~sem_wait(%p) = %d %s", (void *)sem, r, r == -1 ? strerror(saved) : "");
    errno = saved;
    return r;
}

int sem_timedwait(sem_t *sem, const struct timespec *abstime)
{
    REAL(int, sem_timedwait, (sem_t *, const struct timespec *));
    int r, saved;

    r = try_wait(sem, "sem_timedwait");
    if (r == -2)
        r = real_sem_timedwait(sem, abstime);
    saved = errno;
    trace("~sem_timedwait(%p) = %d %s", (void *)sem, r, r == -1 ? strerror(saved) : "");
    errno = saved;
    return r;
}

int sem_trywait(sem_t *sem)
{
    REAL(int, sem_trywait, (sem_t *));
    int r, saved;

    r = real_sem_trywait(sem);
    saved = errno;
    trace("~sem_trywait(%p) = %d %s", (void *)sem, r, r == -1 ? strerror(saved) : "");
    errno = saved;
    return r;
}

int sem_post(sem_t *sem)
{
    REAL(int, sem_post, (sem_t *));
    int r, saved;

    r = real_sem_post(sem);
    saved = errno;
    trace("~sem_post(%p) = %d", (void *)sem, r);
    errno = saved;
    return r;
}

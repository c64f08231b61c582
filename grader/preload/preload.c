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
 *   FAIL=[WHO:]call:ERRNO[:N]
 *                          make the first (or the N-th) call of `call` fail
 *                          with ERRNO, as the kernel would (fault
 *                          injection); wait and waitpid can fail too. WHO
 *                          "parent": only the program's own process fails
 *                          it; "child": each process it fork()s, once;
 *                          none: the first process that makes the call (a
 *                          child inherits a fault its parent has not used)
 *   GATE=parent            after the first fork(), hold the parent until the
 *                          child has ended: any order the child needs is met
 *   GATE=child             after the first fork(), hold the child until the
 *                          parent calls wait*() or ends: a parent that reads
 *                          shared data without waiting is caught every time
 *   RAISE=WHO:CALL:N:SIG[,...]
 *                          a process raises a signal right after its N-th
 *                          successful call of CALL (once): WHO is "parent"
 *                          (the program itself), "child" (the first child
 *                          it fork()s) or "childN" (its N-th: "child4" is
 *                          the fourth; children of children never); SIG is STOP
 *                          or KILL; CALL is a wrapped call (shmget, shmat,
 *                          shmdt, shmctl, semget, semctl, semop; semtimedop
 *                          counts as semop; sem_open, sem_post) or
 *                          "semop-lock" (a semop with a negative sem_op: a P).
 *                          A process stops at most once: after the first STOP
 *                          rule that fires, its other STOP rules are dropped.
 *                          E.g. "parent:semctl:1:STOP,parent:semop:1:STOP"
 *                          stops the program once its semaphore is initialised
 *                          (by SETVAL or by a first V), so the grader can look
 *                          at its objects; "child:semop-lock:5:KILL" kills the
 *                          first child while it holds a lock.
 *   GUARD=1                the lock guard (guard.c): the first segment
 *                          attached may be touched only while holding the
 *                          semaphore; a broken rule writes a "guard: ..."
 *                          line, and so does a sleep while holding it
 *
 * A successful semop or semtimedop line that could not wait (a V) or that
 * waited (at least BLOCK_MIN_NS) ends with the value of each operation's
 * semaphore just after the call (semctl GETVAL, racing with the other
 * processes like any look): "semop(3, {0, -1, SEM_UNDO}) = 0 [val 0]". A P
 * that got through at once has none: there, the system call would lengthen
 * the critical section it starts. Every operation is shown, up to
 * MAX_OPS_SHOWN.
 *
 * A wait(), waitpid() or waitid() line that reaped a child ends with how
 * it ended, whatever the program asked for: "waitpid(42, 0) = 42 [exit 1]",
 * "wait() = 42 [signal 11]" (a child that crashed, even when its parent
 * reports it).
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
 * The trace explains a verdict. Most points come from the state the grader
 * observes; a few checks read the trace too, where only it can tell (how a
 * child the program waited for ended, the key shmget was asked for, a call
 * made after a failed one, whether a fault was injected at all), and the
 * guard's lines, each a rule the program broke, seen from inside it. Calls
 * made with syscall(2) or from a static binary are not seen.
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

pid_t fork(void)
{
    REAL(pid_t, fork, (void));
    const char *gate = forked || gate_mode[0] == '\0' ? NULL : gate_mode;
    const char *out = forked ? NULL : getenv("SHMLAB_CHILD_OUT_FD");
    int gfd[2] = {-1, -1}, first = !forked;
    static int forks; /* the children the program's own process fork()ed */
    int number = not_parent ? 0 : ++forks;
    pid_t pid;
    char c;

    if (inject("fork")) {
        forks -= number != 0;
        return -1;
    }
    forked = 1;
    if (gate != NULL && pipe2(gfd, O_CLOEXEC) == -1)
        gate = NULL;
    pid = real_fork();
    if (pid == -1)
        forks -= number != 0;
    if (pid == 0) {
        child_number = number;
        not_parent = 1;
        guard_forked();
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

/* How a child reaped by a wait*() call ended, for its trace line: " [exit 1]",
 * " [signal 11]", or "" when no child was reaped. */
static const char *reaped(pid_t r, int status, char *buf, size_t size)
{
    buf[0] = '\0';
    if (r > 0 && WIFEXITED(status))
        snprintf(buf, size, " [exit %d]", WEXITSTATUS(status));
    else if (r > 0 && WIFSIGNALED(status))
        snprintf(buf, size, " [signal %d]", WTERMSIG(status));
    return buf;
}

pid_t wait(int *status)
{
    REAL(pid_t, wait, (int *));
    int st = 0;
    char how[32];
    pid_t r;

    struct block b;

    release_gate();
    if (inject("wait"))
        return -1;
    block_begin(&b, "wait()");
    r = real_wait(&st);
    block_end(&b);
    trace("wait() = %d%s", (int)r, reaped(r, st, how, sizeof how));
    if (status != NULL && r > 0)
        *status = st;
    return r;
}

pid_t waitpid(pid_t pid, int *status, int options)
{
    REAL(pid_t, waitpid, (pid_t, int *, int));
    struct block b = {.off = -1};
    int st = 0;
    char how[32];
    pid_t r;

    release_gate_for(options);
    if (inject("waitpid") || inject("wait")) /* "wait": wait() or waitpid(), whichever first */
        return -1;
    if (!(options & WNOHANG)) {
        char what[32];

        snprintf(what, sizeof what, "waitpid(%d)", (int)pid);
        block_begin(&b, what);
    }
    r = real_waitpid(pid, &st, options);
    block_end(&b);
    trace("waitpid(%d, %d) = %d%s", (int)pid, options, (int)r, reaped(r, st, how, sizeof how));
    if (status != NULL && r > 0)
        *status = st;
    return r;
}

int waitid(idtype_t idtype, id_t id, siginfo_t *info, int options)
{
    REAL(int, waitid, (idtype_t, id_t, siginfo_t *, int));
    siginfo_t si;
    char how[32] = "";
    int r;

    release_gate_for(options);
    memset(&si, 0, sizeof si);
    r = real_waitid(idtype, id, info != NULL ? info : &si, options);
    if (info == NULL)
        info = &si;
    if (r == 0 && info->si_pid > 0 && info->si_code == CLD_EXITED)
        snprintf(how, sizeof how, " [exit %d]", info->si_status);
    else if (r == 0 && info->si_pid > 0 &&
             (info->si_code == CLD_KILLED || info->si_code == CLD_DUMPED))
        snprintf(how, sizeof how, " [signal %d]", info->si_status);
    trace("waitid(%d, %d) = %d%s", (int)idtype, (int)id, r, how);
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
    if (r != (void *)-1) {
        guard_attached(r, id);
        count_success("shmat");
    }
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
    if (r != -1) {
        guard_detached(addr);
        count_success("shmdt");
    }
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
    /* "semctl-init": the first SETVAL or SETALL; "semctl-IPC_RMID": the first removal. */
    if (inject("semctl") || ((cmd == SETVAL || cmd == SETALL) && inject("semctl-init")) ||
        (cmd == IPC_RMID && inject("semctl-IPC_RMID")))
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

/* Does one of the operations take (sem_op < 0)? */
static int may_lock(const struct sembuf *ops, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (ops[i].sem_op < 0)
            return 1;
    return 0;
}

int semop(int id, struct sembuf *ops, size_t n)
{
    REAL(int, semop, (int, struct sembuf *, size_t));
    struct block b = {.off = -1};
    int r;

    if (inject("semop") || (may_lock(ops, n) && inject("semop-lock"))) /* the first P */
        return -1;
    guard_before_semop(ops, n);
    block_semop(&b, "semop", id, ops, n);
    r = real_semop(id, ops, n);
    guard_after_semop(ops, n, r);
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

    if (inject("semtimedop") || (may_lock(ops, n) && inject("semop-lock"))) /* the first P */
        return -1;
    guard_before_semop(ops, n);
    block_semop(&b, "semtimedop", id, ops, n);
    r = real_semtimedop(id, ops, n, timeout);
    guard_after_semop(ops, n, r);
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

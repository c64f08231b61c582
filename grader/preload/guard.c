/*
 * guard.c - the lock guard (GUARD=1 in the control pipe): the shared records
 * may be touched only by a process that holds the semaphore.
 *
 * The guarded segment is the first one the program attaches (shmat). Each
 * process counts the semaphore units it holds: + for each operation of a
 * successful P (sem_op < 0), - for each operation of a V. Outside the lock
 * the segment is protected with mprotect(2):
 *   - in a child (a car), read-only from its fork: it may read its own record
 *     without the lock, never write one;
 *   - in the program itself (the parent), no access at all from its first V
 *     after its first fork: before, it is alone and sets the records up.
 * A successful P lifts the protection, the V that gives the last unit back
 * puts it back just before it runs. The first access that breaks the rule
 * faults: the handler writes one trace line, "guard: child wrote the shared
 * records without holding the semaphore" (or "guard: parent touched..."),
 * lifts the protection for good in that process and lets the access go on:
 * the program runs as it would have. A fault anywhere else is a real crash:
 * the handler puts the default action back and the access faults again.
 *
 * What a child changes in the segment while it holds the semaphore is written
 * just before the V that gives it back: "guard: wrote OFFSET LENGTH HEX", the
 * bytes from the first to the last that differ from the segment as it was at
 * its P, in lines of at most GUARD_HEX_MAX bytes that share the V's time.
 * Every state of the records the others could see is in the trace.
 *
 * A process that sleeps (nanosleep, clock_nanosleep, usleep, sleep) while it
 * holds the semaphore writes "guard: child slept while holding the
 * semaphore" (parent for the program), once.
 *
 * Without GUARD=1 nothing here does anything. Only the calls the program
 * makes through the C library are seen (as for the trace).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <time.h>
#include <unistd.h>

#include "preload.h"

#pragma GCC visibility push(hidden)

#define GUARD_HEX_MAX 200 /* bytes of a change written out: the line has 512 */

int guard_on;

static char *g_addr;            /* the guarded segment, or NULL */
static size_t g_size;           /* its size, rounded up to pages */
static size_t g_bytes;          /* its size */
static unsigned char *g_shadow; /* a child's copy of the segment at its P */
static int g_depth;             /* semaphore units this process holds */
static int g_armed;             /* the protection is in force outside the lock */
static int g_prot;              /* the protection outside the lock: PROT_NONE or PROT_READ */
static int g_tripped;           /* this process broke the rule: no more guarding */
static int g_slept;             /* "slept" already said */
static int g_handler;           /* our SIGSEGV handler is installed */

/* A line of the trace, by hand: the handler may not use stdio. */
static void say(const char *what)
{
    struct timespec ts;
    struct text t;
    int len;

    if (trace_fd == -1)
        return;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    line_start(&t, &ts);
    put_s(&t, "guard: ");
    put_s(&t, not_parent ? "child " : "parent ");
    put_s(&t, what);
    line_end(&t, &ts, &len);
}

static void protect(int prot)
{
    if (g_addr != NULL)
        mprotect(g_addr, g_size, prot);
}

static void on_fault(int sig, siginfo_t *si, void *context)
{
    char *at = si->si_addr;
    int saved = errno;

    (void)context;
    if (g_addr != NULL && g_armed && at >= g_addr && at < g_addr + g_size) {
        say(not_parent ? "wrote the shared records without holding the semaphore"
                       : "touched the shared records without holding the semaphore");
        g_tripped = 1;
        g_armed = 0;
        protect(PROT_READ | PROT_WRITE);
        errno = saved;
        return; /* the access runs again, allowed */
    }
    signal(sig, SIG_DFL); /* a real crash: it faults again, and dies of it */
    errno = saved;
}

static void arm(int prot)
{
    struct sigaction sa;

    if (g_addr == NULL || g_tripped)
        return;
    if (!g_handler) {
        memset(&sa, 0, sizeof sa);
        sa.sa_sigaction = on_fault;
        sa.sa_flags = SA_SIGINFO | SA_NODEFER;
        sigemptyset(&sa.sa_mask);
        if (sigaction(SIGSEGV, &sa, NULL) == -1)
            return;
        g_handler = 1;
    }
    g_armed = 1;
    g_prot = prot;
    if (g_depth == 0)
        protect(prot);
}

/* shmat() succeeded: the first attachment is the one guarded. */
void guard_attached(void *addr, int id)
{
    REAL(int, shmctl, (int, int, struct shmid_ds *));
    struct shmid_ds ds;
    long page = sysconf(_SC_PAGESIZE);

    if (!guard_on || g_addr != NULL || real_shmctl(id, IPC_STAT, &ds) == -1 || page <= 0)
        return;
    g_addr = addr;
    g_bytes = ds.shm_segsz;
    g_size = (ds.shm_segsz + (size_t)page - 1) / (size_t)page * (size_t)page;
}

/* shmdt() of the guarded segment: nothing left to guard. */
void guard_detached(const void *addr)
{
    if (guard_on && addr == g_addr && g_addr != NULL) {
        g_addr = NULL;
        g_armed = 0;
    }
}

/* In a new child: it holds nothing, and may only read outside the lock. */
void guard_forked(void)
{
    if (!guard_on)
        return;
    g_depth = 0;
    g_armed = 0;
    arm(PROT_READ);
}

/* Units taken (> 0) or given back (< 0) by these operations. */
static int units(const struct sembuf *ops, size_t n)
{
    int d = 0;
    size_t i;

    for (i = 0; i < n; i++)
        d += ops[i].sem_op < 0 ? 1 : ops[i].sem_op > 0 ? -1 : 0;
    return d;
}

/* A child about to give the semaphore back: write what it changed since its P. */
static void say_changes(void)
{
    static const char hex[] = "0123456789abcdef";
    size_t first = 0, last, i, at, shown;
    struct timespec ts;
    struct text t;
    int len;

    if (!not_parent || g_shadow == NULL || trace_fd == -1)
        return;
    while (first < g_bytes && g_shadow[first] == ((unsigned char *)g_addr)[first])
        first++;
    if (first == g_bytes)
        return;
    last = g_bytes - 1;
    while (last > first && g_shadow[last] == ((unsigned char *)g_addr)[last])
        last--;
    /* One line per GUARD_HEX_MAX bytes, all with the V's time: a reader
     * knows the lines of one V by their pid and time. */
    clock_gettime(CLOCK_MONOTONIC, &ts);
    for (at = first; at <= last; at += shown) {
        shown = last - at + 1 > GUARD_HEX_MAX ? GUARD_HEX_MAX : last - at + 1;
        line_start(&t, &ts);
        put_s(&t, "guard: wrote ");
        put_d(&t, (long)at, 1);
        put_s(&t, " ");
        put_d(&t, (long)shown, 1);
        put_s(&t, " ");
        for (i = 0; i < shown && t.p < t.buf + sizeof t.buf - 3; i++) {
            unsigned char c = ((unsigned char *)g_addr)[at + i];

            *t.p++ = hex[c >> 4];
            *t.p++ = hex[c & 15];
        }
        line_end(&t, &ts, &len);
    }
}

/* Before a semop: a V that gives the last unit back protects the records first. */
void guard_before_semop(const struct sembuf *ops, size_t n)
{
    if (guard_on && g_armed && g_depth > 0 && g_depth + units(ops, n) <= 0) {
        say_changes();
        protect(g_prot);
    }
}

/* After a semop that returned r. */
void guard_after_semop(const struct sembuf *ops, size_t n, int r)
{
    int d;

    if (!guard_on)
        return;
    d = units(ops, n);
    if (r == -1) { /* nothing changed: the lock is still held if it was */
        if (g_armed && g_depth > 0)
            protect(PROT_READ | PROT_WRITE);
        return;
    }
    g_depth += d;
    if (g_depth < 0)
        g_depth = 0;
    if (g_armed && g_depth > 0)
        protect(PROT_READ | PROT_WRITE);
    if (g_armed && not_parent && d > 0 && g_depth == d && g_addr != NULL) {
        if (g_shadow == NULL)
            g_shadow = malloc(g_bytes);
        if (g_shadow != NULL) /* the segment as this P found it */
            memcpy(g_shadow, g_addr, g_bytes);
    } else if (!g_armed && !not_parent && forked && d < 0 && g_depth == 0)
        arm(PROT_NONE); /* the parent's first V after its first fork */
}

static void slept(void)
{
    if (guard_on && g_depth > 0 && !g_slept) {
        g_slept = 1;
        say("slept while holding the semaphore");
    }
}

#pragma GCC visibility pop

int nanosleep(const struct timespec *req, struct timespec *rem)
{
    REAL(int, nanosleep, (const struct timespec *, struct timespec *));
    slept();
    return real_nanosleep(req, rem);
}

int clock_nanosleep(clockid_t clock, int flags, const struct timespec *req, struct timespec *rem)
{
    REAL(int, clock_nanosleep, (clockid_t, int, const struct timespec *, struct timespec *));
    slept();
    return real_clock_nanosleep(clock, flags, req, rem);
}

int usleep(useconds_t us)
{
    REAL(int, usleep, (useconds_t));
    slept();
    return real_usleep(us);
}

unsigned int sleep(unsigned int seconds)
{
    REAL(unsigned int, sleep, (unsigned int));
    slept();
    return real_sleep(seconds);
}

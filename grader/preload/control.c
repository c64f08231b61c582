/*
 * control.c - the grader's settings (the control pipe): faults to inject,
 * signals to raise at a set call, the gate that orders parent and child.
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

/* SHMLAB_RAISE: the rules, and which process this is. */
#define MAX_RAISE 4
static struct {
    int child;     /* 0: the program itself, N: the N-th child it fork()s */
    char call[16]; /* e.g. "semop-lock" */
    long after;    /* raise after this many successful calls */
    long seen;     /* successful calls so far, in this process */
    int sig;       /* SIGSTOP or SIGKILL; 0 once raised */
    int again;     /* RESTOP: a second stop, only if the Nth call comes after a first one */
} raises[MAX_RAISE];
static int stopped_once; /* a rule has stopped this process */
int nraises;
int child_number; /* N: this process is the N-th child the program fork()ed; 0: not one */
int not_parent;   /* this process was fork()ed (by the program or deeper) */
long fail_skip;   /* FAIL=call:ERRNO:N: calls of `call` still to let through (N - 1) */

static const struct {
    const char *name;
    int value;
} errnos[] = {
    {"ENOMEM", ENOMEM}, {"ENOSPC", ENOSPC}, {"EINVAL", EINVAL}, {"EACCES", EACCES},
    {"ENOENT", ENOENT}, {"EAGAIN", EAGAIN}, {"EEXIST", EEXIST}, {"EIDRM", EIDRM},
    {"EINTR", EINTR},   {"EPERM", EPERM},   {"EMFILE", EMFILE}, {"EFBIG", EFBIG},
    {"ECHILD", ECHILD},
};

/* WHO of a rule: "parent" 0, "child" 1 (the first child), "childN" N; -1 if malformed. */
static int rule_who(const char *who)
{
    char *end;
    long n;

    if (strcmp(who, "parent") == 0)
        return 0;
    if (strcmp(who, "child") == 0)
        return 1;
    if (strncmp(who, "child", 5) != 0)
        return -1;
    n = strtol(who + 5, &end, 10);
    return end != who + 5 && *end == '\0' && n >= 1 && n <= 1000 ? (int)n : -1;
}

/*
 * Read the rules of SHMLAB_RAISE ("WHO:CALL:N:SIG,..."); ignore a malformed
 * one. SIG is STOP, KILL, or RESTOP: a SIGSTOP after the Nth call if another
 * rule had stopped the process before it, else never (the first STOP that
 * fires disables the other STOPs, not a RESTOP).
 */
void parse_raise(const char *list)
{
    char who[16], call[16], sig[16];
    long after;

    while (list != NULL && *list != '\0' && nraises < MAX_RAISE) {
        if (sscanf(list, "%15[^:]:%15[^:]:%ld:%15[^,]", who, call, &after, sig) == 4 && after > 0 &&
            rule_who(who) >= 0 &&
            (strcmp(sig, "STOP") == 0 || strcmp(sig, "KILL") == 0 || strcmp(sig, "RESTOP") == 0)) {
            raises[nraises].child = rule_who(who);
            strcpy(raises[nraises].call, call);
            raises[nraises].after = after;
            raises[nraises].seen = 0;
            raises[nraises].sig = strcmp(sig, "KILL") == 0 ? SIGKILL : SIGSTOP;
            raises[nraises].again = strcmp(sig, "RESTOP") == 0;
            nraises++;
        }
        list = strchr(list, ',');
        if (list != NULL)
            list++;
    }
}

/* A call succeeded: raise a signal if a rule of SHMLAB_RAISE says so. */
void count_success(const char *call)
{
    int i;

    for (i = 0; i < nraises; i++) {
        int mine = raises[i].child ? child_number == raises[i].child : !not_parent;

        if (!mine || raises[i].sig == 0 || strcmp(raises[i].call, call) != 0)
            continue;
        if (++raises[i].seen == raises[i].after) {
            int sig = raises[i].sig, saved = errno, j;

            if (raises[i].again && !stopped_once) { /* that call came before the first stop */
                raises[i].sig = 0;
                continue;
            }

            raises[i].sig = 0;
            if (sig == SIGSTOP) /* one stop per process: the first rule that fires */
                for (j = 0; j < nraises; j++)
                    if (raises[j].sig == SIGSTOP && raises[j].child == raises[i].child &&
                        !raises[j].again)
                        raises[j].sig = 0;
            trace("%s: raising %s after %ld calls", call, sig == SIGSTOP ? "SIGSTOP" : "SIGKILL",
                  raises[i].after);
            if (sig == SIGSTOP)
                stopped_once = 1; /* before the stop: a RESTOP may fire after it */
            raise(sig);
            errno = saved;
        }
    }
}

/* Which processes inject the fault: any, the program's own, or only the ones it fork()ed. */
static enum { FAIL_ANY, FAIL_PARENT, FAIL_CHILD } fail_who;

/*
 * FAIL=[parent:|child:]call:ERRNO[:N]: remember the fault to inject, at the
 * N-th call (default the first). Without a prefix, the first process that
 * makes the call fails it (a child inherits the fault if its parent had not
 * used it yet); "parent:" restricts it to the program's own process,
 * "child:" to the processes it fork()ed (each of them, once).
 */
void parse_fail(const char *f)
{
    size_t n, len, i;
    const char *nth;

    if (strncmp(f, "parent:", 7) == 0 || strncmp(f, "child:", 6) == 0) {
        fail_who = f[0] == 'p' ? FAIL_PARENT : FAIL_CHILD;
        f = strchr(f, ':') + 1;
    }
    if (strchr(f, ':') == NULL)
        return;
    n = (size_t)(strchr(f, ':') - f);
    nth = strchr(f + n + 1, ':');
    len = nth != NULL ? (size_t)(nth - (f + n + 1)) : strlen(f + n + 1);

    if (n >= sizeof fail_call)
        return;
    memcpy(fail_call, f, n);
    fail_call[n] = '\0';
    for (i = 0; i < sizeof errnos / sizeof errnos[0]; i++)
        if (strlen(errnos[i].name) == len && strncmp(errnos[i].name, f + n + 1, len) == 0)
            fail_errno = errnos[i].value;
    fail_skip = nth != NULL && atol(nth + 1) > 1 ? atol(nth + 1) - 1 : 0;
}

/* Read the control pipe once, then close it: its settings live only here. */
void read_control(void)
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
            parse_fail(line + 5); /* who injects it: parse_fail() */
        else if (strncmp(line, "GATE=", 5) == 0)
            snprintf(gate_mode, sizeof gate_mode, "%s", line + 5);
        else if (strncmp(line, "RAISE=", 6) == 0)
            parse_raise(line + 6);
        else if (strcmp(line, "GUARD=1") == 0)
            guard_on = 1; /* guard.c */
    }
}

/* Should this call fail now? True once, for the first (or N-th) call of that name. */
int inject(const char *call)
{
    if (fail_errno <= 0 || strcmp(call, fail_call) != 0) /* <= 0: none, or used up */
        return 0;
    if ((fail_who == FAIL_PARENT && not_parent) || (fail_who == FAIL_CHILD && !not_parent))
        return 0;
    if (fail_skip > 0) { /* FAIL=call:ERRNO:N: not yet */
        fail_skip--;
        return 0;
    }
    fail_errno = 0 - fail_errno; /* negative: used up, remembered for the trace */
    errno = -fail_errno;
    trace("%s: failure injected (%s)", call, strerror(errno));
    return 1;
}

/*
 * The parent waits for its child (GATE=child): let the child go. A wait that
 * does not block (WNOHANG) is not a wait: a parent that polls once and then
 * reads shared data has not waited, so the first such poll keeps the child
 * held; a loop of polls releases it at the second, and ends as it should.
 */
void release_gate_for(int options)
{
    static int polls;

    if ((options & WNOHANG) && polls++ == 0)
        return;
    release_gate();
}

void release_gate(void)
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

#pragma GCC visibility pop

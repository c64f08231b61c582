/*
 * sb_watch.c - the processes of a running program, seen from the test:
 * which exist, what each is doing, and the diagnosis of a run that did not
 * end in time. Only this file reads /proc for the suites.
 */
#define _GNU_SOURCE /* SYS_futex, SYS_semop... */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../po/i18n.h"
#include "ipcstate.h"
#include "sandbox.h"
#include "sb_internal.h"

/* The children of pid, from /proc (Linux CONFIG_PROC_CHILDREN); returns how many. */
static int children_of(pid_t pid, pid_t *kids, int max)
{
    char path[64];
    FILE *f;
    int n = 0, k;

    snprintf(path, sizeof path, "/proc/%d/task/%d/children", (int)pid, (int)pid);
    if ((f = fopen(path, "r")) == NULL)
        return 0;
    while (n < max && fscanf(f, "%d", &k) == 1)
        kids[n++] = (pid_t)k;
    fclose(f);
    return n;
}

int sb_descendants(pid_t pid, pid_t *out, int max)
{
    pid_t kids[256];
    int n = children_of(pid, kids, 256), total = 0, i;

    for (i = 0; i < n && total < max; i++) {
        total += sb_descendants(kids[i], out + total, max - total);
        if (total < max)
            out[total++] = kids[i];
    }
    return total;
}

void sb_kill_descendants(pid_t pid)
{
    pid_t all[1024];
    int round, n, i;

    for (round = 0; round < 50; round++) {
        n = sb_descendants(pid, all, 1024);
        if (n == 0)
            break;
        for (i = 0; i < n; i++)
            kill(all[i], SIGKILL);
    }
}

/* Read one process's state, parent, CPU time and what it sleeps in. */
static int read_process(pid_t pid, struct sb_process *p)
{
    char path[64], buf[1024], *close_paren, *wchan = p->wchan;
    unsigned long utime = 0, stime = 0;
    long syscall_nr;
    int ppid = 0;
    FILE *f;

    memset(p, 0, sizeof *p);
    p->pid = pid;
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    if ((f = fopen(path, "r")) == NULL)
        return -1;
    if (fgets(buf, sizeof buf, f) == NULL || (close_paren = strrchr(buf, ')')) == NULL) {
        fclose(f);
        return -1;
    }
    fclose(f);
    /* After "pid (comm) ": state ppid pgrp session tty tpgid flags minflt
     * cminflt majflt cmajflt utime stime (proc(5)). */
    if (sscanf(close_paren + 2, "%c %d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &p->state,
               &ppid, &utime, &stime) < 2)
        return -1;
    p->parent = (pid_t)ppid;
    p->cpu_seconds = (double)(utime + stime) / (double)sysconf(_SC_CLK_TCK);
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    if ((f = fopen(path, "r")) != NULL) {
        while (fgets(buf, sizeof buf, f) != NULL)
            if (sscanf(buf, "voluntary_ctxt_switches: %llu", &p->wakes) == 1)
                break;
        fclose(f);
    }
    if (p->state != 'S' && p->state != 'D')
        return 0;
    snprintf(path, sizeof path, "/proc/%d/wchan", (int)pid);
    if ((f = fopen(path, "r")) != NULL) {
        if (fgets(wchan, sizeof p->wchan, f) == NULL || strcmp(wchan, "0") == 0)
            wchan[0] = '\0';
        fclose(f);
    }
    p->in_futex = strstr(wchan, "futex") != NULL;
    p->in_semop = strstr(wchan, "sem") != NULL && !p->in_futex;
    p->in_wait = strstr(wchan, "wait") != NULL && !p->in_futex;
    if (wchan[0] == '\0') { /* wchan hidden: the system call it is in, if we may see it */
        p->in_futex = -1;
        snprintf(path, sizeof path, "/proc/%d/syscall", (int)pid);
        if ((f = fopen(path, "r")) != NULL) {
            if (fscanf(f, "%ld", &syscall_nr) == 1) {
                p->in_futex = syscall_nr == SYS_futex;
                p->in_semop = syscall_nr == SYS_semop || syscall_nr == SYS_semtimedop;
                p->in_wait = syscall_nr == SYS_wait4 || syscall_nr == SYS_waitid;
            }
            fclose(f);
        }
    }
    return 0;
}

int sb_ended(const struct sb_proc *proc)
{
    siginfo_t si;

    memset(&si, 0, sizeof si);
    return waitid(P_PID, (id_t)proc->init, &si, WEXITED | WNOHANG | WNOWAIT) == -1 ||
           si.si_pid != 0;
}

pid_t sb_program_pid(const struct sb_proc *proc)
{
    pid_t kid;

    return children_of(proc->init, &kid, 1) == 1 ? kid : 0;
}

int sb_processes(const struct sb_proc *proc, struct sb_process *out, int max)
{
    pid_t all[1024], program = sb_program_pid(proc);
    int n = sb_descendants(proc->init, all, 1024), got = 0, i;

    if (max > 0 && program > 0 && read_process(program, &out[0]) == 0) {
        out[0].parent = 0;
        got = 1;
    }
    for (i = n - 1; i >= 0 && got < max; i--)
        if (all[i] != program && read_process(all[i], &out[got]) == 0)
            got++;
    return got;
}

void sb_diagnose(pid_t init, char *out, size_t size)
{
    pid_t all[1024];
    struct sb_process p;
    int total = 0, running = 0, in_semop = 0, in_wait = 0, stopped = 0, other = 0, n, i;
    size_t len;

    n = sb_descendants(init, all, 1024);
    for (i = 0; i < n; i++) {
        if (read_process(all[i], &p) == -1)
            continue;
        total++;
        if (p.state == 'R')
            running++;
        else if (p.state == 'T' || p.state == 't')
            stopped++;
        else if (p.in_semop)
            in_semop++;
        else if (p.in_wait)
            in_wait++;
        else if (p.state != 'Z')
            other++;
    }
    if (running > 0)
        snprintf(out, size,
                 _("still running: %d of its %d processes were using the CPU (a loop that never "
                   "ends?)"),
                 running, total);
    else if (in_semop > 0)
        snprintf(out, size,
                 _("deadlock: %d processes blocked on a semaphore (semop), %d waiting for a child, "
                   "none running"),
                 in_semop, in_wait);
    else if (total > 0)
        snprintf(out, size,
                 _("blocked: %d processes, none running (%d stopped by a signal, %d waiting for a "
                   "child, %d blocked elsewhere: a read, a pause?)"),
                 total, stopped, in_wait, other);
    else
        snprintf(out, size, "%s", _("the program did not finish in time"));
    len = strlen(out);
    if (total >= MAX_PROCS && len + 60 < size)
        snprintf(out + len, size - len, _("; it reached the limit of %d processes (fork bomb?)"),
                 MAX_PROCS);
    len = strlen(out);
    if (in_semop > 0)
        ipc_describe_semaphores(out + len, size - len);
}

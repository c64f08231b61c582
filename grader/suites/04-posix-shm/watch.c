/*
 * watch.c - the programs of lab 04 started, watched (blocked on a futex,
 * busy, ended) and stopped.
 */
#define _GNU_SOURCE /* SYS_futex */
#include <errno.h>
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "../../po/i18n.h"
#include "suite.h"

#include "lab04.h"

void nap(double seconds)
{
    nap_us((long)(seconds * 1e6));
}

/* Has the program's sandbox ended? */
int ended(const struct prog *p)
{
    return p->waited || sb_ended(p->proc);
}

/* Look at the program's own process; -1 if it has none now. */
int look_program(const struct prog *p, struct sample *s)
{
    struct sb_process proc;

    memset(s, 0, sizeof *s);
    s->state = '?';
    s->futex = -1;
    if (p->waited || sb_processes(p->proc, &proc, 1) < 1 || proc.parent != 0)
        return -1;
    s->pid = proc.pid;
    s->state = proc.state;
    s->futex = proc.in_futex;
    s->semop = proc.in_semop;
    s->cpu = proc.cpu_seconds;
    s->nvcsw = proc.wakes;
    snprintf(s->wchan, sizeof s->wchan, "%s", proc.wchan);
    return 0;
}

void start(struct prog *p, const char *who, const char *program, const char *const *args,
           const char *fail)
{
    start_raised(p, who, program, args, fail, NULL);
}

void start_raised(struct prog *p, const char *who, const char *program, const char *const *args,
                  const char *fail, const char *raise)
{
    const char *env[2] = {raise, NULL};
    struct sb_spec spec = {0};

    memset(p, 0, sizeof *p);
    p->who = who;
    spec.program = program;
    spec.args = args;
    spec.fail = fail;
    spec.env = raise != NULL ? env : NULL;
    spec.timeout = RUN_TIMEOUT;
    p->proc = sb_start(&spec);
    ck_assert_msg(p->proc != NULL, _("grader: cannot start %s"), program);
    p->deadline = now() + RUN_TIMEOUT * sb_timeout_scale();
}

/*
 * await_stopped - wait until the program's process is stopped (a SIGSTOP it
 * raised, SHMLAB_RAISE); its pid then, 0 if it ends, blocks or runs on.
 */
pid_t await_stopped(const struct prog *p)
{
    double limit = now() + AWAIT_LIMIT * sb_timeout_scale();
    struct sample s;

    while (!ended(p) && now() < limit) {
        if (look_program(p, &s) == 0) {
            if (s.state == 'T' || s.state == 't')
                return s.pid;
            if (s.futex == 1 || s.semop)
                return 0;
        }
        nap(0.002);
    }
    return 0;
}

/* Stop a program that is still running (its whole sandbox). */
void stop(struct prog *p)
{
    if (!ended(p)) {
        sb_signal(p->proc, SIGKILL);
        p->stopped = 1;
    }
}

/*
 * await - wait until the program blocks (on a futex, or in a System V semop),
 * ends, or burns BUSY_CPU seconds of processor time; UNDECIDED after
 * AWAIT_LIMIT seconds. *last
 * receives the last look at its process.
 */
enum state await(const struct prog *p, struct sample *last)
{
    double limit = now() + AWAIT_LIMIT * sb_timeout_scale(), pause = 0.001;
    struct sample s, prev;
    int have_prev = 0;

    memset(last, 0, sizeof *last);
    last->state = '?';
    for (;;) {
        if (ended(p))
            return ENDED;
        if (look_program(p, &s) == 0) {
            *last = s;
            if (s.futex == 1 || s.semop) /* sem_wait, or a System V semop */
                return BLOCKED;
            if (s.cpu >= BUSY_CPU)
                return BUSY;
            /* wchan and syscall hidden: asleep with no wake-up for 100 ms */
            if (s.futex == -1 && have_prev && prev.pid == s.pid && prev.nvcsw == s.nvcsw &&
                prev.cpu == s.cpu) {
                nap(0.1);
                if (look_program(p, &prev) == 0 && prev.nvcsw == s.nvcsw && prev.state == 'S')
                    return BLOCKED;
            }
            prev = s;
            have_prev = 1;
        }
        if (now() > limit)
            return UNDECIDED;
        nap(pause);
        if (pause < 0.02)
            pause *= 2;
    }
}

/*
 * finish - wait for every program to end, then collect their results. When
 * all those still running sleep on a futex and none woke up for 100 ms,
 * nobody can ever wake them: they are stopped (stuck) at once.
 */
void finish(struct prog **ps, int n)
{
    struct sample seen[4], s;
    int have_seen = 0, i;
    double last_deadline = 0;

    for (i = 0; i < n; i++)
        if (ps[i]->deadline > last_deadline)
            last_deadline = ps[i]->deadline;
    for (;;) {
        int running = 0, all_asleep = 1, same = have_seen;

        for (i = 0; i < n; i++) {
            if (ended(ps[i]))
                continue;
            running++;
            if (look_program(ps[i], &s) == -1 || (s.futex != 1 && !s.semop)) {
                all_asleep = 0;
                continue;
            }
            if (!have_seen || seen[i].pid != s.pid || seen[i].nvcsw != s.nvcsw)
                same = 0;
            seen[i] = s;
        }
        if (running == 0 || now() > last_deadline)
            break;
        if (all_asleep && same) {
            for (i = 0; i < n; i++)
                if (!ended(ps[i])) {
                    sb_signal(ps[i]->proc, SIGKILL);
                    ps[i]->stuck = 1;
                }
            break;
        }
        have_seen = all_asleep;
        nap(all_asleep ? 0.1 : 0.005);
    }
    /* Only now collect: without namespaces, collecting one program's sandbox
     * kills every process the test started, the others' included. */
    for (i = 0; i < n; i++)
        while (!ended(ps[i]) && now() < last_deadline + 1)
            nap(0.005);
    for (i = 0; i < n; i++)
        if (!ps[i]->waited) {
            sb_wait(ps[i]->proc, &ps[i]->res);
            ps[i]->waited = 1;
        }
}

void finish1(struct prog *a)
{
    struct prog *ps[1] = {a};

    finish(ps, 1);
}

void finish2(struct prog *a, struct prog *b)
{
    struct prog *ps[2] = {a, b};

    finish(ps, 2);
}

/* How a program ended, for feedback, with what its signal means here. */
const char *how(const struct prog *p, char *buf, size_t size)
{
    char calls[600];
    size_t n;

    if (p->stuck)
        snprintf(buf, size,
                 _("%s was blocked on a semaphore for ever, and so was every other "
                   "program still running: nobody could wake it (the grader stopped it)"),
                 p->who);
    else if (p->stopped)
        snprintf(buf, size, _("%s was still running (the grader stopped it)"), p->who);
    else {
        int k = snprintf(buf, size, "%s ", p->who);

        if (k > 0 && (size_t)k < size)
            sb_describe(&p->res, buf + k, size - (size_t)k);
    }
    n = strlen(buf);
    if (p->waited && !p->stuck && !p->stopped && p->res.signaled && p->res.signal == SIGBUS)
        snprintf(buf + n, size - n,
                 _(" [SIGBUS: it touched a page of its mapping that lies beyond the end of the "
                   "object; a new object is 0 bytes long until ftruncate gives it a size]"));
    else if (p->waited && p->res.signaled && p->res.signal == SIGSEGV)
        snprintf(buf + n, size - n,
                 _(" [here, typically: MAP_FAILED used as if mmap had worked, or a write into a "
                   "PROT_READ mapping]"));
    n = strlen(buf);
    if (p->waited && n + 40 < size)
        snprintf(buf + n, size - n, _("\nIPC calls of %s: %s"), p->who,
                 sb_calls(&p->res, calls, sizeof calls));
    return buf;
}

/* What await() saw, for feedback. */
const char *state_text(enum state st, const struct sample *s, char *buf, size_t size)
{
    switch (st) {
    case BLOCKED:
        snprintf(buf, size, _("blocked, waiting on a semaphore"));
        break;
    case ENDED:
        snprintf(buf, size, _("already ended"));
        break;
    case BUSY:
        snprintf(buf, size,
                 _("busy: it used %.1f s of processor time without making progress (a loop that "
                   "polls, e.g. around sem_trywait, instead of sem_wait)"),
                 s->cpu);
        break;
    case UNDECIDED:
        snprintf(buf, size,
                 _("neither blocked on a semaphore nor ended after %.0f s (state %c%s%s; a sleep() "
                   "in a loop is polling, not waiting)"),
                 AWAIT_LIMIT * sb_timeout_scale(), s->state, s->wchan[0] ? _(", sleeping in ") : "",
                 s->wchan);
        break;
    }
    return buf;
}

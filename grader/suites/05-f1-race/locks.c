/*
 * locks.c - lab 05's locking discipline, read in the trace of a run: what
 * each process did with the semaphore, and what the preload's lock guard
 * (GUARD=1: the records are protected outside the lock) saw it do.
 *
 * The trace's lines: "PID SECONDS CALL", the program's own process first.
 *   semop(ID, {NUM, OP, FLAGS}, ...) = R [val V, ...]   (semtimedop alike)
 *   semctl(ID, NUM, SETVAL) = 0                          fork() = PID
 *   shmdt(ADDR) = 0                                      guard: ...
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../po/i18n.h"
#include "suite.h"
#include "lab05.h"

#define MAX_PIDS 64

struct tally {
    int pid;
    int p, v;    /* successful operations that take (P) or give back (V) */
    int no_undo; /* of those, without SEM_UNDO (the parent's before its first fork left out) */
};

static struct tally *tally_of(struct tally *t, int *n, int pid)
{
    int i;

    for (i = 0; i < *n; i++)
        if (t[i].pid == pid)
            return &t[i];
    if (*n == MAX_PIDS)
        return NULL;
    memset(&t[*n], 0, sizeof t[*n]);
    t[*n].pid = pid;
    return &t[(*n)++];
}

/* One semop line's operations (after "semop("): count them in *t. */
static void count_ops(const char *s, struct tally *t, int flags_count, int *max_val)
{
    const char *eq = strstr(s, ") = "), *val;
    int p = 0, v = 0, no_undo = 0;

    if (eq == NULL || strncmp(eq, ") = 0", 5) != 0)
        return; /* failed (EINTR...): nothing changed */
    for (s = strchr(s, '{'); s != NULL && s < eq; s = strchr(s + 1, '{')) {
        int num, op;
        char flags[40] = "";

        if (sscanf(s, "{%d, %d, %39[^}]}", &num, &op, flags) < 2 || op == 0)
            continue;
        if (op < 0)
            p++;
        else
            v++;
        if (strstr(flags, "SEM_UNDO") == NULL)
            no_undo++;
    }
    t->p += p;
    t->v += v;
    if (flags_count)
        t->no_undo += no_undo;
    val = strstr(eq, "[val ");
    if (val != NULL && v > 0) { /* the value after a V */
        const char *q = val + 5;

        while (*q != '\0' && *q != ']') {
            int x = atoi(q);

            if (x > *max_val)
                *max_val = x;
            q = strchr(q, ',');
            if (q == NULL)
                break;
            q++;
        }
    }
}

int lock_discipline(const char *trace, char *why, size_t size)
{
    struct tally t[MAX_PIDS];
    const char *line;
    int n = 0, parent = -1, forked = 0, init_set = 0, max_val = 0, i;
    int car_wrote = 0, parent_read = 0, car_slept = 0, parent_slept = 0;

    why[0] = '\0';
    for (line = trace; line != NULL && *line != '\0';
         line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
        int pid, off = 0;
        double when;
        const char *call;
        struct tally *me;

        if (sscanf(line, "%d %lf %n", &pid, &when, &off) < 2 || off == 0)
            continue;
        call = line + off;
        if (parent == -1)
            parent = pid; /* the program's "start" line comes first */
        me = tally_of(t, &n, pid);
        if (me == NULL)
            continue;
        if (strncmp(call, "guard: ", 7) == 0) {
            int child = strncmp(call + 7, "child ", 6) == 0;

            if (strstr(call, " without holding") != NULL)
                *(child ? &car_wrote : &parent_read) = 1;
            else if (strstr(call, " slept ") != NULL)
                *(child ? &car_slept : &parent_slept) = 1;
        } else if (strncmp(call, "semop(", 6) == 0 || strncmp(call, "semtimedop(", 11) == 0) {
            count_ops(call, me, pid != parent || forked, &max_val);
        } else if (pid == parent && strncmp(call, "fork() = ", 9) == 0) {
            forked = 1;
        } else if (pid == parent && strncmp(call, "semctl(", 7) == 0 &&
                   (strstr(call, "SETVAL) = 0") != NULL || strstr(call, "SETALL) = 0") != NULL)) {
            init_set = 1;
        }
    }
    if (car_wrote) {
        snprintf(why, size, "%s",
                 _("a car's process wrote to the shared records without holding the semaphore "
                   "(the grader protects them outside P and V): every change to a record, its "
                   "status fields too, goes between car_lock() and car_unlock()"));
        return -1;
    }
    if (parent_read) {
        snprintf(why, size, "%s",
                 _("the parent read the shared records without holding the semaphore (the grader "
                   "protects them outside P and V): take_snapshot() copies them between P and V, "
                   "and the parent works on its copy only"));
        return -1;
    }
    if (car_slept || parent_slept) {
        snprintf(why, size, "%s",
                 car_slept ? _("a car slept (drive) while holding the semaphore: every other "
                               "process waited for it all that time; drive first, then take the "
                               "semaphore only to write")
                           : _("the parent slept while holding the semaphore: every car waited for "
                               "it all that time; hold it for the copy only"));
        return -1;
    }
    for (i = 0; i < n; i++) {
        const struct tally *x = &t[i];
        int extra = x->pid == parent && !init_set ? 1 : 0; /* a first V may set it up */

        if (x->v > x->p + extra) {
            snprintf(why, size,
                     _("%s gave the semaphore back more often than it took it (%d V for %d P): a V "
                       "without its P lets two processes hold it at once"),
                     x->pid == parent ? _("the parent") : _("a car's process"), x->v, x->p);
            return -1;
        }
        if (x->pid != parent && x->p > x->v) {
            snprintf(why, size,
                     _("a car's process ended holding the semaphore (%d P for %d V): give it back "
                       "after each update (SEM_UNDO is for a car that dies, not a way to end)"),
                     x->p, x->v);
            return -1;
        }
    }
    for (i = 0; i < n; i++)
        if (t[i].no_undo > 0) {
            snprintf(why, size,
                     _("%s took or gave back the semaphore without SEM_UNDO (%d times): every P "
                       "and V takes SEM_UNDO, so that the kernel gives back what a process that "
                       "dies held, and a P's undo is cancelled by its V"),
                     t[i].pid == parent ? _("the parent") : _("a car's process"), t[i].no_undo);
            return -1;
        }
    if (max_val > 1) {
        snprintf(why, size,
                 _("after a V the semaphore was worth %d: a lock is worth 0 (taken) or 1 (free), "
                   "never more"),
                 max_val);
        return -1;
    }
    return 0;
}

int parent_detached(const char *trace)
{
    int pid, off = 0, parent = -1;
    double when;
    const char *line;

    for (line = trace; line != NULL && *line != '\0';
         line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
        if (sscanf(line, "%d %lf %n", &pid, &when, &off) < 2 || off == 0)
            continue;
        if (parent == -1)
            parent = pid;
        if (pid == parent && strncmp(line + off, "shmdt(", 6) == 0 &&
            strstr(line + off, ") = 0") != NULL)
            return 1;
    }
    return 0;
}

/* ---- the records as the cars left them at each V -------------------------- */

/* struct car as f1.h gives it (88 bytes on the ABIs the kit supports). */
#define REC_SIZE    88
#define OFF_LAPS    4
#define OFF_SECTOR  8
#define OFF_LAPTIME 32
#define OFF_IN_PIT  72
#define OFF_OUT     76
#define OFF_FIN     80

static int get_int(const unsigned char *r, int off)
{
    int v;

    memcpy(&v, r + off, sizeof v);
    return v;
}

static double get_double(const unsigned char *r, int off)
{
    double v;

    memcpy(&v, r + off, sizeof v);
    return v;
}

/* The size the program's own process gave shmget, or 0. */
static long segment_size(const char *trace)
{
    const char *s = strstr(trace, " shmget(");
    long size;

    if (s == NULL || sscanf(s, " shmget(%*x, %ld,", &size) != 1)
        return 0;
    return size;
}

/* Record r (car r + 1) after one of its owner's updates, before it as it was:
 * 0, or -1 with the broken rule in why. */
static int judge_record(const unsigned char *r, const unsigned char *before, int car, int nlaps,
                        int what, char *why, size_t size)
{
    int laps = get_int(r, OFF_LAPS), out = get_int(r, OFF_OUT), pit = get_int(r, OFF_IN_PIT);
    int fin = get_int(r, OFF_FIN);
    double s0 = get_double(r, OFF_SECTOR), s1 = get_double(r, OFF_SECTOR + 8),
           s2 = get_double(r, OFF_SECTOR + 16), lap = get_double(r, OFF_LAPTIME);

    if (what == RECORD_STATUS &&
        (out < 0 || out > 1 || pit < 0 || pit > 1 || fin < 0 || fin > 1 || out + pit + fin != 1))
        snprintf(why, size,
                 _("car %d's record after one of its updates: out = %d, in_pit = %d, "
                   "finished = %d; a car is out on track, in the pits or finished, one "
                   "of the three at a time (1, the others 0)"),
                 car, out, pit, fin);
    else if (what == RECORD_STATUS && pit == 1 && laps >= nlaps)
        snprintf(why, size,
                 _("car %d's record after one of its updates: in_pit = 1 after its last lap "
                   "(%d); draw_pit_stop() returns 0 there, and 0 means no pit stop: a car goes "
                   "into the pits only when the time it draws is above 0"),
                 car, nlaps);
    else if (what == RECORD_LAP && s0 != get_double(before, OFF_SECTOR) && (s1 != 0 || s2 != 0))
        snprintf(why, size,
                 _("car %d's record after the first sector of lap %d: S2 = %.3f and S3 "
                   "= %.3f are still there; when a lap starts, its other sectors are "
                   "cleared (0)"),
                 car, laps + 1, s1, s2);
    else if (what == RECORD_LAP && laps > 0 && lap <= 0)
        snprintf(why, size,
                 _("car %d's record after one of its updates: laps = %d but lap_time = "
                   "%.3f; lap_time keeps the last completed lap"),
                 car, laps, lap);
    else if (what == RECORD_LAP && s0 > 0 && s1 > 0 && s2 > 0 &&
             (lap < s0 + s1 + s2 - 1e-6 || lap > s0 + s1 + s2 + 1e-6))
        snprintf(why, size,
                 _("car %d's record after one of its updates: its sectors are %.3f, "
                   "%.3f and %.3f, but lap_time is %.3f; once a lap is complete, "
                   "lap_time is their sum"),
                 car, s0, s1, s2, lap);
    else
        return 0;
    return -1;
}

/*
 * The guard writes what a car changed at each V, in lines of at most 200
 * bytes that share the V's time ("guard: wrote OFF LEN HEX"). A record
 * changes only by its owner's updates (car i + 1 is the parent's (i + 1)-th
 * fork): the bytes of another car's record in a line are what that car saw
 * of it, perhaps in the middle of the owner's update when two processes held
 * the lock at once (a V without its P): they are left out, and each record
 * is judged once its owner's lines of one V are all in (its next line is of
 * another time). A car the parent did not fork is not judged.
 */
/* Whether a car's process gave the semaphore back more often than it took
 * it: then two processes could hold it at once. */
static int extra_v(const char *trace)
{
    struct tally t[MAX_PIDS];
    const char *line;
    int n = 0, parent = -1, max_val = 0, i;

    for (line = trace; line != NULL && *line != '\0';
         line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
        int pid, off = 0;
        double when;
        struct tally *me;

        if (sscanf(line, "%d %lf %n", &pid, &when, &off) < 2 || off == 0)
            continue;
        if (parent == -1)
            parent = pid;
        if (pid != parent && (me = tally_of(t, &n, pid)) != NULL &&
            (strncmp(line + off, "semop(", 6) == 0 || strncmp(line + off, "semtimedop(", 11) == 0))
            count_ops(line + off, me, 0, &max_val);
    }
    for (i = 0; i < n; i++)
        if (t[i].v > t[i].p)
            return 1;
    return 0;
}

int record_updates(const char *trace, int ncars, int nlaps, int what, char *why, size_t size)
{
    unsigned char *seg, *before;
    const char *line;
    long bytes = segment_size(trace);
    int i, bad = 0, parent = -1, forks = 0;
    int owner[MAX_ROWS] = {0};  /* the pid of car i + 1 */
    char pending[MAX_ROWS][32]; /* the time of the V whose lines are coming in, "" none */

    why[0] = '\0';
    if (bytes != (long)ncars * REC_SIZE || ncars > MAX_ROWS)
        return 0; /* another struct car (the lab's exercise 3?): its layout is unknown */
    if (extra_v(trace))
        return 0; /* a V without its P: two may write at once, snapshots_locked says so */
    seg = calloc(1, (size_t)bytes);
    before = calloc((size_t)ncars, REC_SIZE); /* each record as it was before its V */
    if (seg == NULL || before == NULL) {
        free(seg);
        free(before);
        return 0;
    }
    for (i = 0; i < ncars; i++) {
        int id = i + 1;

        memcpy(seg + (size_t)i * REC_SIZE, &id, sizeof id);
        pending[i][0] = '\0';
    }
    /* The owners first: a car may write before its fork's line is traced. */
    for (line = trace; line != NULL && *line != '\0';
         line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
        int pid = 0, child = 0, at = 0;
        char when[32];

        if (sscanf(line, "%d %31s %n", &pid, when, &at) < 2 || at == 0)
            continue;
        if (parent == -1)
            parent = pid;
        if (pid == parent && sscanf(line + at, "fork() = %d", &child) == 1 && child > 0 &&
            forks < ncars)
            owner[forks++] = child;
    }
    for (line = trace; !bad && line != NULL && *line != '\0';
         line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
        const char *g = strstr(line, " guard: wrote "), *eol = strchr(line, '\n'), *hex;
        char when[32] = "";
        long off = 0, len = 0, k;
        int n = 0, pid = 0, at = 0, mine = -1;

        if (sscanf(line, "%d %31s %n", &pid, when, &at) < 2 || at == 0)
            continue;
        if (g != NULL && ((eol != NULL && g > eol) ||
                          sscanf(g, " guard: wrote %ld %ld %n", &off, &len, &n) < 2 || n == 0))
            g = NULL;
        for (i = 0; i < forks; i++)
            if (owner[i] == pid)
                mine = i;
        /* This car's next line, not of the same V: its update is all in. */
        if (mine >= 0 && pending[mine][0] != '\0' && (g == NULL || strcmp(when, pending[mine]))) {
            bad = judge_record(seg + (size_t)mine * REC_SIZE, before + (size_t)mine * REC_SIZE,
                               mine + 1, nlaps, what, why, size) == -1;
            pending[mine][0] = '\0';
        }
        if (g == NULL || bad || mine < 0 || off < 0 || len <= 0 || off + len > bytes)
            continue;
        hex = g + n;
        for (k = 0; k < len; k++) {
            unsigned hi, lo;

            if (sscanf(hex + 2 * k, "%1x%1x", &hi, &lo) != 2)
                break;
            if ((off + k) / REC_SIZE != mine)
                continue;                   /* another car's record: what this car saw of it */
            if (pending[mine][0] == '\0') { /* its first byte in this V */
                memcpy(before + (size_t)mine * REC_SIZE, seg + (size_t)mine * REC_SIZE, REC_SIZE);
                snprintf(pending[mine], sizeof pending[mine], "%s", when);
            }
            seg[off + k] = (unsigned char)(hi << 4 | lo);
        }
    }
    for (i = 0; !bad && i < ncars; i++)
        if (pending[i][0] != '\0')
            bad = judge_record(seg + (size_t)i * REC_SIZE, before + (size_t)i * REC_SIZE, i + 1,
                               nlaps, what, why, size) == -1;
    free(seg);
    free(before);
    return bad ? -1 : 0;
}

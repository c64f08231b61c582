/*
 * runs.c - a run's file read, its processes named, a long run summarised;
 * and one test's runs told in words (runs.h).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "runs.h"

#define KEEP_EACH    12         /* first and last events shown per process */
#define KEEP_BAD     6          /* failed calls shown per process, besides those */
#define KEEP_FORKS   16         /* fork()s shown per process, besides those */
#define RUN_FILE_CAP (5L << 20) /* the preload writes at most 4 MiB of trace */

static char *read_all(FILE *in, long cap)
{
    char *buf = malloc((size_t)cap + 1);
    size_t n;

    if (buf == NULL)
        return NULL;
    n = fread(buf, 1, (size_t)cap, in);
    buf[n] = '\0';
    return buf;
}

/* Header value of `name` (a line "name value") into out. */
static void header(const char *text, const char *name, char *out, size_t size)
{
    size_t len = strlen(name);
    const char *p = text;

    out[0] = '\0';
    while (p != NULL && *p != '\0' && strncmp(p, "--\n", 3) != 0) {
        if (strncmp(p, name, len) == 0 && p[len] == ' ') {
            size_t n = strcspn(p + len + 1, "\n");

            snprintf(out, size, "%.*s", (int)n, p + len + 1);
            return;
        }
        p = strchr(p, '\n');
        p = p != NULL ? p + 1 : NULL;
    }
}

static int lane_of(struct run *run, long pid)
{
    int i;

    for (i = 0; i < run->nlanes; i++)
        if (run->lanes[i].pid == pid)
            return i;
    if (run->nlanes == MAX_LANES) {
        run->more_procs = 1;
        return -1;
    }
    run->lanes[i].pid = pid;
    run->lanes[i].first = -1;
    run->lanes[i].parent_lane = -1;
    run->lanes[i].forked = -1;
    run->nlanes++;
    return i;
}

/*
 * Name the lanes: the program is the parent; a child it forked is named by
 * its rank among the parent's forks, with the lab's role where the handout
 * fixes the order: lab 05's cars, lab 06's producers (the first -p N
 * children) then consumers.
 */
static void name_lanes(struct run *run, const char *lab)
{
    const char *p = strstr(run->program, " -p ");
    long producers = strncmp(lab, "06", 2) == 0 && p != NULL ? strtol(p + 4, NULL, 10) : -1;
    int i, j;

    for (i = 0; i < run->nlanes; i++) {
        struct lane *l = &run->lanes[i];
        int rank = 0;

        if (l->forked != -1 && l->parent_lane == 0)
            for (j = 0; j <= l->forked; j++)
                rank += run->ev[j].lane == 0 && strncmp(run->ev[j].call, "fork() = ", 9) == 0;
        if (i == 0 && run->nlanes == 1) /* no child: the program, by its name */
            snprintf(l->name, sizeof l->name, "%.*s", (int)strcspn(run->program, " "),
                     run->program);
        else if (i == 0)
            snprintf(l->name, sizeof l->name, "%s", _("parent"));
        else if (rank > 0 && strncmp(lab, "05", 2) == 0)
            snprintf(l->name, sizeof l->name, _("car %d"), rank);
        else if (rank > 0 && producers >= 0 && rank <= producers)
            snprintf(l->name, sizeof l->name, _("producer %d"), rank);
        else if (rank > 0 && producers >= 0)
            snprintf(l->name, sizeof l->name, _("consumer %d"), rank - (int)producers);
        else if (rank == 1 && run->nlanes == 2)
            snprintf(l->name, sizeof l->name, "%s", _("child"));
        else
            snprintf(l->name, sizeof l->name, _("child %d"), rank > 0 ? rank : i);
    }
}

int run_load(const char *path, const char *lab, struct run *run)
{
    FILE *in = fopen(path, "r");
    char value[64], *p, *next;
    long child;
    int i;

    memset(run, 0, sizeof *run);
    if (in == NULL)
        return -1;
    run->text = read_all(in, RUN_FILE_CAP);
    fclose(in);
    if (run->text == NULL)
        return -1;
    text_clean(run->text);
    header(run->text, "test", run->test, sizeof run->test);
    header(run->text, "program", run->program, sizeof run->program);
    header(run->text, "end", run->end, sizeof run->end);
    header(run->text, "describe", run->describe, sizeof run->describe);
    header(run->text, "start", value, sizeof value);
    run->start = strtod(value, NULL);
    header(run->text, "seconds", value, sizeof value);
    run->seconds = strtod(value, NULL);
    p = strstr(run->text, "\n--\n");
    p = p != NULL ? p + 4 : NULL;
    for (; p != NULL && *p != '\0'; p = next) {
        struct event *e = &run->ev[run->n];
        char *rest, *end;

        next = strchr(p, '\n');
        if (next != NULL)
            *next++ = '\0';
        if (run->n == run->cap) {
            int cap = run->cap > 0 ? 2 * run->cap : 1024;
            struct event *more = realloc(run->ev, (size_t)cap * sizeof *more);

            if (more == NULL) {
                run->truncated = 1;
                break;
            }
            run->ev = more;
            run->cap = cap;
            e = &run->ev[run->n];
        }
        e->pid = strtol(p, &rest, 10);
        if (rest == p || *rest != ' ')
            continue;
        e->t = strtod(rest, &end);
        if (end == rest || *end != ' ' || e->t < run->start - 1 ||
            e->t > run->start + run->seconds + 1)
            continue; /* not a line of the preload's */
        e->call = end + 1;
        if (strcmp(e->call, "~trace truncated") == 0)
            run->truncated = 1;
        e->lane = lane_of(run, e->pid);
        if (e->lane == -1)
            continue;
        run->n++;
        if (sscanf(e->call, "fork() = %ld", &child) == 1 && child > 0)
            lane_of(run, child); /* a lane even for a child that never made a call */
    }
    if (run->n == 0)
        return 0;
    run->t0 = run->ev[0].t;
    for (i = 1; i < run->n; i++)
        if (run->ev[i].t < run->t0)
            run->t0 = run->ev[i].t;
    /* Lanes: first and last events, counts, who forked whom. */
    for (i = 0; i < run->n; i++) {
        struct lane *l = &run->lanes[run->ev[i].lane];

        if (l->first == -1)
            l->first = i;
        l->last = i;
        l->count++;
        if (strcmp(run->ev[i].call, "~exit") == 0)
            l->exited = 1;
        if (sscanf(run->ev[i].call, "fork() = %ld", &child) == 1)
            for (int j = 0; j < run->nlanes; j++)
                if (run->lanes[j].pid == child) {
                    run->lanes[j].parent_lane = run->ev[i].lane;
                    run->lanes[j].forked = i;
                }
    }
    /* Long runs: each process's first and last events, its first failed
     * calls and forks; a count between. */
    {
        int seen[MAX_LANES] = {0}, bad[MAX_LANES] = {0}, forks[MAX_LANES] = {0};

        for (i = 0; i < run->n; i++) {
            struct event *e = &run->ev[i];
            int k = seen[e->lane]++;

            e->shown = k < KEEP_EACH || k >= run->lanes[e->lane].count - KEEP_EACH;
            if (run_call_failed(e->call) && bad[e->lane]++ < KEEP_BAD)
                e->shown = 1;
            if (run_grader_action(e->call))
                e->shown = 1;
            if (strncmp(e->call, "fork()", 6) == 0 && forks[e->lane]++ < KEEP_FORKS)
                e->shown = 1;
        }
    }
    /* Slots: one per call drawn; a call summarised away sits on the last one. */
    for (i = 0; i < run->n; i++) {
        run->ev[i].slot = run->slots > 0 ? run->slots - 1 : 0;
        if (run->ev[i].shown && strcmp(run->ev[i].call, "start") != 0)
            run->ev[i].slot = run->slots++;
    }
    name_lanes(run, lab);
    return 0;
}

void run_free(struct run *run)
{
    free(run->text);
    free(run->ev);
    run->text = NULL;
    run->ev = NULL;
}

const char *run_values_after(const char *call, size_t *len)
{
    const char *v = strstr(call, " [val ");

    *len = v != NULL ? (size_t)(v - call) : strlen(call);
    if (v == NULL || v[strlen(v) - 1] != ']')
        return NULL;
    return v + 6;
}

void run_label(const char *call, char *out, size_t size)
{
    const char *vals;
    size_t len;
    int num, op, more = strstr(call, "}, {") != NULL;

    if (run_grader_action(call)) { /* the preload's "semctl: raising SIGSTOP after 1 calls" */
        /* TRANSLATORS: a mark's short label: the grader stopped or killed the process here. */
        snprintf(out, size, "%s", strstr(call, "SIGKILL") != NULL ? _("killed") : _("paused"));
        return;
    }
    vals = run_values_after(call, &len);
    if (sscanf(call, "semop(%*d, {%d, %d", &num, &op) == 2 ||
        sscanf(call, "semtimedop(%*d, {%d, %d", &num, &op) == 2)
        snprintf(out, size, "%s%d%s", op < 0 ? "P" : op > 0 ? "V" : "Z", num, more ? "+" : "");
    else if (call[0] == '~' && strncmp(call, "~sem_", 5) == 0)
        snprintf(out, size, "%s", strncmp(call, "~sem_post", 9) == 0 ? "post" : "wait");
    else
        snprintf(out, size, "%.*s", (int)strcspn(call, "(: "), call);
    if (vals != NULL && !more && strlen(out) + 8 < size) /* one value: in the label */
        snprintf(out + strlen(out), size - strlen(out), "\xe2\x86\x92" /* → */ "%d", atoi(vals));
}

int run_call_failed(const char *call)
{
    return !run_grader_action(call) &&
           (strstr(call, "= -1") != NULL || strstr(call, "injected") != NULL ||
            strstr(call, "= 0xffffffffffffffff") != NULL || /* shmat's, mmap's (void *) -1 */
            strstr(call, "= (nil)") != NULL);               /* sem_open's SEM_FAILED */
}

int run_grader_action(const char *call)
{
    return strstr(call, ": raising SIG") != NULL;
}

const char *run_fate(const struct run *run)
{
    if (strcmp(run->end, "timed_out") == 0)
        return _("time limit reached: the grader stopped it here");
    if (strcmp(run->end, "ended_early") == 0)
        return _("no progress (deadlock?): the grader ended it here");
    if (strcmp(run->end, "stopped") == 0)
        return _("still running: the grader stopped it here");
    if (strncmp(run->end, "signaled", 8) == 0)
        return _("killed by a signal here");
    return NULL;
}

/* The runs' files of one test, sorted by run number. */
static int run_number(const char *name, const char *id)
{
    size_t n = strlen(id);

    if (strncmp(name, id, n) != 0 || name[n] != '.' || name[n + 1] < '0' || name[n + 1] > '9')
        return -1;
    return atoi(name + n + 1);
}

char **run_files(const char *traces, const char *lab, const char *id)
{
    char dir[4096];
    struct dirent **names;
    char **paths;
    int n, i, best, count = 0;

    snprintf(dir, sizeof dir, "%s/%s.traces", traces, lab);
    n = scandir(dir, &names, NULL, alphasort);
    if (n < 0)
        return NULL;
    paths = calloc((size_t)n + 1, sizeof *paths);
    /* In run order: the lowest number not yet taken, each time. */
    for (int last = 0; paths != NULL; last = best) {
        int pick = -1;
        size_t len;

        best = -1;
        for (i = 0; i < n; i++) {
            int k = run_number(names[i]->d_name, id);

            if (k > last && (best == -1 || k < best)) {
                best = k;
                pick = i;
            }
        }
        if (pick == -1)
            break;
        len = strlen(dir) + strlen(names[pick]->d_name) + 2;
        if ((paths[count] = malloc(len)) == NULL)
            break;
        snprintf(paths[count++], len, "%s/%s", dir, names[pick]->d_name);
    }
    for (i = 0; i < n; i++)
        free(names[i]);
    free(names);
    if (paths != NULL && count == 0) {
        free(paths);
        paths = NULL;
    }
    return paths;
}

void run_files_free(char **paths)
{
    for (int i = 0; paths != NULL && paths[i] != NULL; i++)
        free(paths[i]);
    free(paths);
}

/* One process's calls, on one line: "  car 1: P0, V0, (57 calls left out), shmdt". */
static void lane_text(FILE *f, const struct run *run, int lane)
{
    int hidden = 0, i;
    const char *sep = "";

    fprintf(f, "  %s:", run->lanes[lane].name);
    for (i = 0; i < run->n; i++) {
        const struct event *e = &run->ev[i];
        char text[32];

        if (e->lane != lane || strcmp(e->call, "start") == 0 || e->call[0] == '~')
            continue;
        if (!e->shown) {
            hidden++;
            continue;
        }
        if (hidden > 0) {
            fprintf(f, "%s ", sep);
            fprintf(f, _("(%d calls left out)"), hidden);
            hidden = 0;
        }
        run_label(e->call, text, sizeof text);
        if (run_grader_action(e->call))
            snprintf(text, sizeof text, "%s",
                     strstr(e->call, "SIGKILL") != NULL ? _("killed by the grader")
                                                        : _("paused by the grader"));
        fprintf(f, "%s %s%s", sep, text, run_call_failed(e->call) ? _(" (failed)") : "");
        sep = ",";
    }
    if (hidden > 0) {
        fprintf(f, "%s ", sep);
        fprintf(f, _("(%d calls left out)"), hidden);
    }
    if (run->lanes[lane].count == 0)
        fprintf(f, " %s", _("no call seen"));
    fputc('\n', f);
}

char *runs_text(const char *traces, const char *lab, const char *id, int max_runs)
{
    char **paths = traces != NULL ? run_files(traces, lab, id) : NULL;
    char *text = NULL;
    size_t len = 0;
    struct run *run = malloc(sizeof *run);
    FILE *f = paths != NULL && run != NULL ? open_memstream(&text, &len) : NULL;
    int i, told = 0, total = 0;

    for (i = 0; f != NULL && paths[i] != NULL; i++) {
        const char *why;

        total++;
        if (told == max_runs || run_load(paths[i], lab, run) == -1)
            continue;
        told++;
        fprintf(f, "`%s` %s\n", run->program, run->describe);
        for (int k = 0; k < run->nlanes; k++)
            lane_text(f, run, k);
        if (run->more_procs)
            fprintf(f, "  %s\n", _("more processes than shown: only the first ones are told"));
        if ((why = run_fate(run)) != NULL)
            fprintf(f, "  %s\n", why);
        run_free(run);
    }
    if (f != NULL && total > told)
        fprintf(f, _("(%d more runs: the feedback page of make grade draws them all)\n"),
                total - told);
    if (f != NULL)
        fclose(f);
    free(run);
    run_files_free(paths);
    if (text != NULL && told == 0) {
        free(text);
        text = NULL;
    }
    return text;
}

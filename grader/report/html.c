/*
 * report_html.c - the feedback page: one self-contained HTML file (inline
 * CSS and SVG, no script, nothing fetched) with, per lab and test, the
 * verdict, the points, what was expected and seen, the hint, and for each
 * run of a program a timeline of its processes' IPC calls.
 *
 * The timelines come from the runs' files the sandbox wrote (sandbox.h,
 * SHMLAB_TRACE_DIR): a header, "--", then the preload's trace, one line per
 * event: "<pid> <CLOCK_MONOTONIC seconds> <call> = <result>". Everything in
 * a trace may come from a student's program (it can write to the trace's
 * descriptor too): it is cleaned, bounded and escaped, never trusted.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

#define MAX_LANES    16      /* processes drawn in one timeline */
#define MAX_EVENTS   4000    /* events read from one run */
#define KEEP_EACH    12      /* first and last events drawn per process */
#define PAGE_BUDGET  1500000 /* bytes of timelines in a page, in all */
#define RUN_FILE_CAP (1L << 20)

#define W      900.0 /* the drawing's width */
#define LEFT   110.0 /* the lanes' labels */
#define RIGHT  20.0
#define LANE_H 34.0
#define TOP    24.0

/* Write text with &, <, >, " and ' escaped. */
static void esc(FILE *f, const char *s)
{
    for (; *s != '\0'; s++)
        switch (*s) {
        case '&':
            fputs("&amp;", f);
            break;
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '"':
            fputs("&quot;", f);
            break;
        case '\'':
            fputs("&#39;", f);
            break;
        default:
            fputc(*s, f);
        }
}

struct run;
static const char *fate(const struct run *run);

struct event {
    long pid;
    double t;
    char *call; /* after the time stamp, e.g. "semop(3, {0, -1, 0}) = 0" */
    int lane;
    int shown; /* drawn (not summarised away) */
    int slot;  /* its place on the axis (xpos()) */
};

struct lane {
    long pid;
    char name[32];
    int first, last; /* indexes of its first and last event */
    int count;
    long parent_lane;
    int exited; /* saw its "~exit" line */
    int forked; /* index of the fork() that made it, or -1 */
};

struct run {
    char test[128], program[256], end[64], describe[1024];
    double start, seconds;
    double t0;    /* the first event's time */
    int slots;    /* places on the axis */
    double width; /* of the drawing */
    struct event ev[MAX_EVENTS];
    int n;
    struct lane lanes[MAX_LANES];
    int nlanes, more_procs, truncated;
    char *text;
};

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
        if (i == 0)
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

/* Read a run's file; 0, or -1 if it is not one. */
static int load_run(const char *path, const char *lab, struct run *run)
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
        if (run->n == MAX_EVENTS) {
            run->truncated = 1;
            break;
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
    /* Long runs: each process's first and last events; a count between. */
    for (i = 0; i < run->n; i++) {
        struct lane *l = &run->lanes[run->ev[i].lane];
        int k = 0, j;

        for (j = l->first; j < i; j++)
            k += run->ev[j].lane == run->ev[i].lane;
        run->ev[i].shown = k < KEEP_EACH || k >= l->count - KEEP_EACH ||
                           strstr(run->ev[i].call, "= -1") != NULL ||
                           strstr(run->ev[i].call, "injected") != NULL ||
                           strstr(run->ev[i].call, "raising") != NULL;
    }
    /* Slots: one per call drawn; a call summarised away sits on the last one. */
    for (i = 0; i < run->n; i++) {
        run->ev[i].slot = run->slots > 0 ? run->slots - 1 : 0;
        if (run->ev[i].shown && strcmp(run->ev[i].call, "start") != 0)
            run->ev[i].slot = run->slots++;
    }
    run->width = LEFT + 30 + 16.0 * run->slots;
    run->width = run->width < W ? W : run->width > 4 * W ? 4 * W : run->width;
    name_lanes(run, lab);
    return 0;
}

/*
 * Where event i is drawn. The axis is the order of events, not their time:
 * each call drawn gets a slot, so who did what before whom stays readable
 * even when the calls of a run are packed into a few microseconds.
 */
static double xpos(const struct run *run, int i)
{
    int slots = run->slots + (fate(run) != NULL) + 1;

    return LEFT + 10 + (run->width - LEFT - RIGHT - 20) * run->ev[i].slot / (slots - 1);
}

static double ypos(int lane)
{
    return TOP + lane * LANE_H + LANE_H / 2;
}

/*
 * The semaphore values after a semop or sem_post/sem_wait (the preload's
 * " [val 0, 2]" at the end of the line), or NULL; *len: the call before it.
 */
static const char *values_after(const char *call, size_t *len)
{
    const char *v = strstr(call, " [val ");

    *len = v != NULL ? (size_t)(v - call) : strlen(call);
    if (v == NULL || v[strlen(v) - 1] != ']')
        return NULL;
    return v + 6;
}

/* A short label for a call: "P0→0" (a P on semaphore 0, its value after), "V1", "shmat"... */
static void label(const char *call, char *out, size_t size)
{
    const char *vals;
    size_t len;
    int num, op, more = strstr(call, "}, {") != NULL;

    vals = values_after(call, &len);
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

/* A mark's tooltip: the call and its result, then the values after it in words. */
static void tooltip(FILE *f, const char *call)
{
    size_t len, n = 0;
    const char *vals = values_after(call, &len), *c;
    char *text = strndup(call, len), numbers[64];

    if (text == NULL)
        return;
    esc(f, text);
    free(text);
    if (vals == NULL)
        return;
    /* From the trace, which the program can write to: numbers only. */
    for (c = vals; *c != ']' && n < sizeof numbers - 1; c++)
        if ((*c >= '0' && *c <= '9') || *c == '-' || *c == ',' || *c == ' ')
            numbers[n++] = *c;
    numbers[n] = '\0';
    fputs("; ", f);
    /* TRANSLATORS: %s is the value of a semaphore just after the call. */
    fprintf(f, strchr(numbers, ',') != NULL ? _("values after: %s") : _("value after: %s"),
            numbers);
}

/* The kind of a mark, its CSS class. */
static const char *kind(const char *call)
{
    int num, op;

    if (strstr(call, "= -1") != NULL || strstr(call, "injected") != NULL ||
        strstr(call, "raising") != NULL)
        return "bad";
    if (sscanf(call, "semop(%*d, {%d, %d", &num, &op) == 2 ||
        sscanf(call, "semtimedop(%*d, {%d, %d", &num, &op) == 2)
        return op < 0 ? "p" : "v";
    if (strncmp(call, "~sem_post", 9) == 0)
        return "v";
    if (strncmp(call, "~sem_", 5) == 0)
        return "p";
    if (strncmp(call, "sem", 3) == 0)
        return "sem";
    return "shm";
}

/* The words for how the run ended, beside the red line; NULL if it ended well. */
static const char *fate(const struct run *run)
{
    if (strcmp(run->end, "timed_out") == 0)
        return _("time limit reached: the grader stopped it here");
    if (strcmp(run->end, "ended_early") == 0)
        return _("no progress (deadlock?): the grader ended it here");
    if (strncmp(run->end, "signaled", 8) == 0)
        return _("killed by a signal here");
    return NULL;
}

/* One run's timeline as inline SVG. */
static void timeline(FILE *f, const struct run *run)
{
    static int drawn; /* for ids unique in the page */
    const char *why = fate(run);
    double t1 = why != NULL ? run->start + run->seconds : run->ev[run->n - 1].t, h;
    int i, j;

    for (i = 0; i < run->n; i++)
        if (run->ev[i].t > t1)
            t1 = run->ev[i].t;
    h = TOP + run->nlanes * LANE_H + 24;
    fprintf(f,
            "<svg class=\"tl\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" "
            "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\">\n",
            run->width, h, run->width, h);
    drawn++;
    fprintf(f,
            "<defs><marker id=\"arr%d\" viewBox=\"0 0 8 8\" refX=\"7\" refY=\"4\" "
            "markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0L8,4L0,8z\" "
            "fill=\"#555\"/></marker></defs>\n",
            drawn);
    fprintf(f, "<text class=\"ax\" x=\"%.0f\" y=\"14\">", LEFT);
    fprintf(f, _("the calls in the order they were made, left to right (%.3f s in all)"),
            t1 - run->t0);
    fputs("</text>\n", f);
    /* Lanes: a line from the process's first event to its last. */
    for (i = 0; i < run->nlanes; i++) {
        const struct lane *l = &run->lanes[i];
        int from = l->forked != -1 ? l->forked : l->first;
        double x0 = from != -1 ? xpos(run, from) : LEFT;
        double x1 = l->first != -1 ? xpos(run, l->last) : x0;

        if (!l->exited && why != NULL)
            x1 = run->width - RIGHT; /* still there at the end */
        fprintf(f, "<g class=\"lane\" data-pid=\"%ld\"><text class=\"name\" x=\"4\" y=\"%.1f\">",
                l->pid, ypos(i) + 4);
        esc(f, l->name);
        fprintf(f, "</text><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", x0, ypos(i),
                x1, ypos(i));
        if (l->count == 0) {
            fprintf(f, "<text class=\"more\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"start\">", x0 + 6,
                    ypos(i) + 4);
            esc(f, _("no call seen: it had not run yet, or it was ended first"));
            fputs("</text>", f);
        }
        fputs("</g>\n", f);
    }
    /* Blocked periods: from a "~block" line to the process's next line. */
    for (i = 0; i < run->n; i++) {
        const struct event *e = &run->ev[i];
        double x0, x1 = -1;

        if (strncmp(e->call, "~block ", 7) != 0 || !e->shown)
            continue;
        for (j = i + 1; j < run->n && x1 < 0; j++)
            if (run->ev[j].lane == e->lane)
                x1 = xpos(run, j);
        x0 = xpos(run, i);
        fprintf(f, "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"8\"><title>",
                x1 < 0 ? "blocked stuck" : "blocked", x0, ypos(e->lane) - 4,
                (x1 < 0 ? run->width - RIGHT : x1) - x0 + 1);
        fputs(x1 < 0 ? _("blocked until the end: ") : _("blocked in "), f);
        esc(f, e->call + 7);
        fputs("</title></rect>\n", f);
    }
    /* Forks and waits: arrows between lanes. */
    for (i = 0; i < run->n; i++) {
        const struct event *e = &run->ev[i];
        long other;
        int k;

        if (sscanf(e->call, "fork() = %ld", &other) != 1 &&
            sscanf(e->call, "wait() = %ld", &other) != 1 &&
            sscanf(e->call, "waitpid(%*d, %*d) = %ld", &other) != 1)
            continue;
        for (k = 0; k < run->nlanes && run->lanes[k].pid != other; k++)
            ;
        if (k == run->nlanes || k == e->lane)
            continue;
        if (e->call[0] == 'f')
            fprintf(f,
                    "<line class=\"fork\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                    "marker-end=\"url(#arr%d)\"/>\n",
                    xpos(run, i), ypos(e->lane), xpos(run, i), ypos(k) + (k > e->lane ? -5 : 5),
                    drawn);
        else
            fprintf(f,
                    "<line class=\"wait\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                    "marker-end=\"url(#arr%d)\"/>\n",
                    xpos(run, run->lanes[k].first != -1 ? run->lanes[k].last : i), ypos(k),
                    xpos(run, i), ypos(e->lane) + (k > e->lane ? 5 : -5), drawn);
    }
    /* The calls: a mark each, its words in a tooltip; counts where summarised. */
    for (i = 0; i < run->nlanes; i++) {
        int hidden = 0, k = 0;
        double xh = 0;

        for (j = 0; j < run->n; j++) {
            const struct event *e = &run->ev[j];
            char text[32];
            double x = xpos(run, j), y = ypos(i);

            if (e->lane != i || strcmp(e->call, "start") == 0 ||
                strncmp(e->call, "~block ", 7) == 0)
                continue;
            if (!e->shown) {
                if (hidden++ == 0)
                    xh = x;
                continue;
            }
            if (hidden > 0) {
                fprintf(f, "<text class=\"more\" x=\"%.1f\" y=\"%.1f\">", (xh + x) / 2, y + 16);
                fprintf(f, _("(%d calls left out)"), hidden);
                fputs("</text>\n", f);
                hidden = 0;
            }
            label(e->call[0] == '~' ? e->call + 1 : e->call, text, sizeof text);
            if (strcmp(e->call, "~exit") == 0)
                fprintf(f,
                        "<g class=\"exit\"><rect x=\"%.1f\" y=\"%.1f\" width=\"4\" "
                        "height=\"14\"/><title>",
                        x - 2, y - 7);
            else
                fprintf(f,
                        "<g class=\"mark %s\"><circle cx=\"%.1f\" cy=\"%.1f\" r=\"%d\"/>"
                        "<text x=\"%.1f\" y=\"%.1f\">",
                        kind(e->call), x, y, strcmp(kind(e->call), "bad") == 0 ? 6 : 4, x,
                        y - 7 - 8 * (k++ % 2));
            if (strcmp(e->call, "~exit") != 0) {
                if (run->width < 4 * W) /* room for short labels; the tooltip has the rest */
                    esc(f, text);
                fputs("</text><title>", f);
            }
            fprintf(f, "%.6f s: ", e->t - run->t0);
            tooltip(f, e->call[0] == '~' ? e->call + 1 : e->call);
            fputs("</title></g>\n", f);
        }
        if (hidden > 0) {
            fprintf(f, "<text class=\"more\" x=\"%.1f\" y=\"%.1f\">", xh, ypos(i) + 16);
            fprintf(f, _("(%d calls left out)"), hidden);
            fputs("</text>\n", f);
        }
    }
    if (why != NULL)
        fprintf(f,
                "<line class=\"end\" x1=\"%.1f\" y1=\"%.0f\" x2=\"%.1f\" y2=\"%.0f\"/>"
                "<text class=\"endw\" x=\"%.1f\" y=\"%.0f\" text-anchor=\"end\">%s</text>\n",
                run->width - RIGHT, TOP - 6, run->width - RIGHT, h - 16, run->width - RIGHT - 4,
                h - 4, why);
    fputs("</svg>\n", f);
}

/* The runs' files of one test, sorted by run number. */
static int run_number(const char *name, const char *id)
{
    size_t n = strlen(id);

    if (strncmp(name, id, n) != 0 || name[n] != '.' || name[n + 1] < '0' || name[n + 1] > '9')
        return -1;
    return atoi(name + n + 1);
}

static void test_runs(FILE *f, const char *traces, const char *lab, const char *id, long *budget,
                      long reserve)
{
    char dir[4096], path[8192];
    struct dirent **names;
    int n, i, best, shown = 0;
    struct run *run = malloc(sizeof *run);

    snprintf(dir, sizeof dir, "%s/%s.traces", traces, lab);
    n = run == NULL ? -1 : scandir(dir, &names, NULL, alphasort);
    if (n < 0) {
        free(run);
        return;
    }
    /* In run order: the lowest number not yet shown, each time. */
    for (int last = 0;; last = best) {
        int pick = -1;

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
        snprintf(path, sizeof path, "%s/%s", dir, names[pick]->d_name);
        if (load_run(path, lab, run) == -1)
            continue;
        fputs("<div class=\"run\"><p class=\"prog\"><code>", f);
        esc(f, run->program);
        fputs("</code> ", f);
        esc(f, run->describe);
        fputs("</p>\n", f);
        if (run->n == 0) {
            fprintf(f, "<p class=\"note\">%s</p>\n", _("no IPC call was recorded"));
        } else if (*budget <= reserve) {
            fprintf(f, "<p class=\"note\">%s</p>\n",
                    _("timeline left out: the page is already large"));
        } else {
            char *svg = NULL;
            size_t len = 0;
            FILE *m = open_memstream(&svg, &len);

            if (m != NULL) {
                timeline(m, run);
                fclose(m);
                fputs("<div class=\"scroll\">", f);
                fwrite(svg, 1, len, f);
                fputs("</div>\n", f);
                *budget -= (long)len;
                free(svg);
            }
            if (run->more_procs)
                fprintf(f, "<p class=\"note\">%s</p>\n",
                        _("more processes than shown: only the first ones are drawn"));
            if (run->truncated)
                fprintf(f, "<p class=\"note\">%s</p>\n",
                        _("the trace was too long: its end is not drawn"));
        }
        fputs("</div>\n", f);
        free(run->text);
        shown++;
    }
    for (i = 0; i < n; i++)
        free(names[i]);
    free(names);
    free(run);
}

static const char style[] =
    "body{font:15px/1.45 sans-serif;margin:1.5em auto;max-width:960px;color:#222}"
    "h2{border-bottom:2px solid #ccc;margin-top:1.6em}.test{margin:.8em 0;padding:.4em .8em;"
    "border-left:6px solid #2a2}.test.failed{border-color:#c22;background:#fff6f6}"
    ".verdict{font-weight:bold}.failed .verdict{color:#c22}.passed .verdict{color:#282}"
    "pre{white-space:pre-wrap;background:#f4f4f4;padding:.4em;margin:.3em 0}"
    ".run{margin:.5em 0}.prog{margin:.2em 0;font-size:90%}.note{color:#666;font-style:italic}"
    ".scroll{overflow-x:auto}svg.tl{background:#fff;border:1px solid #ddd}"
    "svg .name{font-size:12px;font-weight:bold}svg .lane line{stroke:#999;stroke-width:2}"
    "svg .mark text{font-size:10px;text-anchor:middle}svg .ax{font-size:10px;fill:#666}"
    "svg .shm circle{fill:#27c}svg .sem circle{fill:#a6c}svg .p circle{fill:#e80}"
    "svg .v circle{fill:#2a2}svg .bad circle{fill:#d00;stroke:#000;stroke-width:1.5}"
    "svg .bad text{fill:#d00;font-weight:bold}svg .exit rect{fill:#444}"
    "svg .blocked{fill:#fc6;opacity:.8}svg .stuck{fill:#f66}svg .fork{stroke:#555}"
    "svg .wait{stroke:#555;stroke-dasharray:3 2}svg .more{font-size:10px;fill:#666;"
    "text-anchor:middle}svg .end{stroke:#d00;stroke-width:3}svg .endw{fill:#d00;"
    "font-size:12px;font-weight:bold}.legend span{margin-right:1em}";

int report_html(FILE *f, const struct report *r, const char *traces)
{
    char lang[32];
    long budget = PAGE_BUDGET;
    int i, j, p, m;

    i18n_language(getenv("LC_ALL"), getenv("LC_MESSAGES"), getenv("LANG"), lang, sizeof lang);
    lang[strcspn(lang, "_")] = '\0';
    fprintf(f,
            "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
            "<title>%s</title><style>%s</style></head><body>\n",
            lang[0] != '\0' ? lang : "en", _("shmlab: your results"), style);
    report_totals(r, &p, &m);
    fprintf(f, "<h1>%s</h1>\n<p>", _("shmlab: your results"));
    fprintf(f, _("overall %d/%d"), p, m);
    fputs(" &middot; ", f);
    esc(f, r->mode != NULL ? r->mode : "");
    fprintf(f,
            "</p>\n<p class=\"legend\">%s <span style=\"color:#27c\">&#9679; shm</span>"
            "<span style=\"color:#e80\">&#9679; P</span><span style=\"color:#2a2\">&#9679; "
            "V</span><span style=\"color:#d00\">&#9679; %s</span><span "
            "style=\"background:#fc6\">&#160;%s&#160;</span><br><b>P0&#8594;1</b>: %s</p>\n",
            _("In each timeline, one line per process; hover over a mark for the call and "
              "its result."),
            _("failed call"), _("blocked"),
            _("a P on semaphore 0 (V0: a V), and the semaphore's value just after the call (not "
              "recorded for a P that did not wait); 0 after a V: a process that waited for it "
              "took it at once."));
    for (i = 0; i < r->n; i++) {
        const struct lab_report *lab = &r->labs[i];

        lab_totals(lab, &p, &m);
        fputs("<h2>", f);
        esc(f, lab->name);
        fputs(" &middot; ", f);
        fprintf(f, _("total %d/%d"), p, m);
        fputs("</h2>\n", f);
        if (!lab->found) {
            fputs("<p class=\"note\">", f);
            fprintf(f, _("folder %s not found in the submission\n"), lab->name);
            fputs("</p>\n", f);
        } else if (lab->build_log != NULL && lab->build_log[0] != '\0') {
            fprintf(f, "<p>%s</p><pre>",
                    lab->built ? _("build: compiled with warnings (fix them: each one is a "
                                   "possible bug):")
                               : _("the programs did not compile; the compiler said:"));
            esc(f, lab->build_log);
            fputs("</pre>\n", f);
        }
        for (j = 0; j < lab->n; j++) {
            const struct result *t = &lab->results[j];
            int passed = t->status == STATUS_PASSED;

            fprintf(f, "<div class=\"test %s\" id=\"", passed ? "passed" : "failed");
            esc(f, lab->name);
            fputc('-', f);
            esc(f, t->id);
            fprintf(f, "\"><p><span class=\"verdict\">%s</span> %d/%d <code>",
                    passed ? "PASS" : "FAIL", t->points, t->max);
            esc(f, t->id);
            fputs("</code>: ", f);
            esc(f, t->title);
            fputs("</p>\n", f);
            if (!passed && t->hidden) {
                fprintf(f, "<p class=\"note\">%s</p>\n",
                        _("(a hidden test: its details are shown after grading)"));
            } else if (!passed && lab->built) {
                fputs("<pre>", f);
                esc(f, t->message);
                fprintf(f, "</pre>\n<p><b>%s</b> ", _("hint:"));
                esc(f, t->hint);
                fputs("</p>\n", f);
            }
            if (traces != NULL && lab->built && !t->hidden) {
                fprintf(f, "<details%s><summary>%s</summary>\n", passed ? "" : " open",
                        _("what your programs did"));
                /* Passed tests leave half the budget to the failed ones. */
                test_runs(f, traces, lab->name, t->id, &budget, passed ? PAGE_BUDGET / 2 : 0);
                fputs("</details>\n", f);
            }
            fputs("</div>\n", f);
        }
    }
    fputs("</body></html>\n", f);
    return ferror(f) ? -1 : 0;
}

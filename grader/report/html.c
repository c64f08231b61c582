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
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "runs.h"

#define PAGE_BUDGET 1500000 /* bytes of timelines in a page, in all */

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

/*
 * Where event i is drawn. The axis is the order of events, not their time:
 * each call drawn gets a slot, so who did what before whom stays readable
 * even when the calls of a run are packed into a few microseconds.
 */
/* The drawing's width: room for each call drawn, within bounds. */
static double width(const struct run *run)
{
    double w = LEFT + 30 + 16.0 * run->slots;

    return w < W ? W : w > 4 * W ? 4 * W : w;
}

static double xpos(const struct run *run, int i)
{
    int slots = run->slots + (run_fate(run) != NULL) + 1;

    return LEFT + 10 + (width(run) - LEFT - RIGHT - 20) * run->ev[i].slot / (slots - 1);
}

static double ypos(int lane)
{
    return TOP + lane * LANE_H + LANE_H / 2;
}

/* A mark's tooltip: the call and its result, then the values after it in words. */
static void tooltip(FILE *f, const char *call)
{
    size_t len, n = 0;
    const char *vals = run_values_after(call, &len), *c;
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

    if (run_grader_action(call))
        return "grader";
    if (run_call_failed(call))
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

/* One run's timeline as inline SVG. */
static void timeline(FILE *f, const struct run *run)
{
    static int drawn; /* for ids unique in the page */
    const char *why = run_fate(run);
    double t1 = why != NULL ? run->start + run->seconds : run->ev[run->n - 1].t, h;
    int i, j;

    for (i = 0; i < run->n; i++)
        if (run->ev[i].t > t1)
            t1 = run->ev[i].t;
    h = TOP + run->nlanes * LANE_H + 24;
    fprintf(f,
            "<svg class=\"tl\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" "
            "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\">\n",
            width(run), h, width(run), h);
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
            x1 = width(run) - RIGHT; /* still there at the end */
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
                (x1 < 0 ? width(run) - RIGHT : x1) - x0 + 1);
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
            run_label(e->call[0] == '~' ? e->call + 1 : e->call, text, sizeof text);
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
                if (width(run) < 4 * W) /* room for short labels; the tooltip has the rest */
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
                width(run) - RIGHT, TOP - 6, width(run) - RIGHT, h - 16, width(run) - RIGHT - 4,
                h - 4, why);
    fputs("</svg>\n", f);
}

static void test_runs(FILE *f, const char *traces, const char *lab, const char *id, long *budget,
                      long reserve)
{
    char **paths = run_files(traces, lab, id);
    struct run *run = paths != NULL ? malloc(sizeof *run) : NULL;

    for (int i = 0; run != NULL && paths[i] != NULL; i++) {
        if (run_load(paths[i], lab, run) == -1)
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
        run_free(run);
    }
    run_files_free(paths);
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
    "svg .bad text{fill:#d00;font-weight:bold}svg .grader circle{fill:#fff;stroke:#000;"
    "stroke-width:2}svg .exit rect{fill:#444}"
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
            "V</span><span style=\"color:#d00\">&#9679; %s</span><span>&#9675; %s</span><span "
            "style=\"background:#fc6\">&#160;%s&#160;</span><br><b>P0&#8594;1</b>: %s</p>\n",
            _("In each timeline, one line per process; hover over a mark for the call and "
              "its result."),
            _("failed call"), _("the grader paused or killed it"), _("blocked"),
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

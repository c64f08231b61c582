/*
 * race.c - lab 05's program run to its end, its classification (CSV) and lap log read back.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <time.h>

#include "../../po/i18n.h"
#include "suite.h"
#include "lab05.h"

/* Split a CSV line (ending at '\n' or '\0') into at most max fields; returns how many. */
int split(const char *line, char fields[][32], int max)
{
    int n = 0, len = 0;

    for (;; line++) {
        if (*line == ',' || *line == '\n' || *line == '\r' || *line == '\0') {
            if (n < max) {
                fields[n][len] = '\0';
            }
            n++;
            len = 0;
            if (*line != ',')
                return n;
        } else if (n < max && len < 31) {
            fields[n][len++] = *line;
        }
    }
}

/* A field as a number; 0 for an empty field; -1 (and *bad set) if it is not a number. */
double number(const char *field, int *bad)
{
    char *end;
    double v;

    if (*field == '\0')
        return 0;
    v = strtod(field, &end);
    if (end == field || *end != '\0') {
        *bad = 1;
        return -1;
    }
    return v;
}

/* The classification in the program's output: rows after the header line. */
int parse_csv(const char *out, struct row *rows, int max)
{
    const char *p = out, *line = NULL;
    int n = 0;

    while (p != NULL && *p != '\0') {
        if (strncmp(p, CSV_HEADER, strlen(CSV_HEADER)) == 0 &&
            (p[strlen(CSV_HEADER)] == '\n' || p[strlen(CSV_HEADER)] == '\r')) {
            line = p;
            break;
        }
        p = strchr(p, '\n');
        if (p != NULL)
            p++;
    }
    if (line == NULL)
        return -1;
    for (p = strchr(line, '\n'); p != NULL && p[1] != '\0' && n < max; p = strchr(p, '\n')) {
        char f[8][32];
        int bad = 0, k;

        p++;
        if (split(p, f, 8) != 7)
            break;
        rows[n].position = (int)number(f[0], &bad);
        rows[n].car = (int)number(f[1], &bad);
        rows[n].laps = (int)number(f[2], &bad);
        rows[n].best_lap = number(f[3], &bad);
        for (k = 0; k < SECTORS; k++)
            rows[n].best[k] = number(f[4 + k], &bad);
        if (bad)
            break;
        n++;
    }
    return n;
}

/* The lap log written in the work folder; -1 if there is none (or it is
 * not a regular file: a link the program planted is never followed). */
int parse_log(const char *name, struct lap *laps, int max)
{
    char *text = sb_read_file(name, 1L << 20), *line, *save = NULL;
    int n = 0;

    if (text == NULL)
        return -1;
    for (line = strtok_r(text, "\n", &save); line != NULL && n < max;
         line = strtok_r(NULL, "\n", &save)) {
        char fl[8][32];
        int bad = 0, k;

        if (line[0] < '0' || line[0] > '9') /* the header line */
            continue;
        if (split(line, fl, 8) != 6)
            continue;
        laps[n].car = (int)number(fl[0], &bad);
        laps[n].lap = (int)number(fl[1], &bad);
        for (k = 0; k < SECTORS; k++)
            laps[n].sector[k] = number(fl[2 + k], &bad);
        laps[n].time = number(fl[5], &bad);
        if (!bad)
            n++;
    }
    free(text);
    return n;
}

/* A race of ncars cars and nlaps laps, without waiting (--speed 0), with --csv and --log. */
static void run_race(int ncars, int nlaps, const char *seed, const char *log, struct race_run *run,
                     const char *const *env)
{
    char cars[16], laps[16];
    const char *args[] = {"--cars",  cars, "--laps", laps,    "--seed", seed,
                          "--speed", "0",  "--csv",  "--log", log,      NULL};
    struct sb_spec spec = {0};

    snprintf(cars, sizeof cars, "%d", ncars);
    snprintf(laps, sizeof laps, "%d", nlaps);
    run->laps_asked = nlaps;
    spec.program = PROGRAM;
    spec.args = args;
    spec.timeout = 5;
    spec.env = env;
    sb_run(&spec, &run->res);
    run->nrows = parse_csv(run->res.out, run->rows, MAX_ROWS);
    run->laps = calloc(MAX_LAPS, sizeof *run->laps);
    ck_assert_msg(run->laps != NULL, _("grader: out of memory"));
    run->nlaps = parse_log(log, run->laps, MAX_LAPS);
}

/* Run the race without waiting (--speed 0), with --csv and --log. */
void run_fast(const char *seed, const char *log, struct race_run *run)
{
    run_race(FAST_CARS, FAST_LAPS, seed, log, run, NULL);
}

void run_grid(int cars, int laps, const char *seed, const char *log, struct race_run *run)
{
    run_race(cars, laps, seed, log, run, NULL);
}

void run_fast_guarded(const char *seed, const char *log, struct race_run *run)
{
    static const char *const guard[] = {"SHMLAB_GUARD=1", NULL};

    run_race(FAST_CARS, FAST_LAPS, seed, log, run, guard);
}

void free_run(struct race_run *run)
{
    sb_result_free(&run->res);
    free(run->laps);
}

/*
 * The precondition of every test on a fast run: the program exits 0 and its
 * CSV lists each car 1..cars exactly once. Fails the test otherwise.
 */
void assert_race_ran(const struct race_run *run, int cars)
{
    char how[1024], buf[160];
    int seen[MAX_ROWS + 1] = {0}, i;

    ck_assert_msg(run->res.exited && run->res.exit_status == 0,
                  _("expected the race (--cars %d --laps %d --speed 0 --csv --log FILE) to end "
                    "with status 0; the program %s"),
                  cars, run->laps_asked, sb_describe(&run->res, how, sizeof how));
    ck_assert_msg(run->nrows >= 0,
                  _("expected the line \"%s\" then one line per car on standard output "
                    "(--csv); the output starts with %s"),
                  CSV_HEADER, excerpt(run->res.out, buf, sizeof buf));
    ck_assert_msg(run->nrows == cars,
                  _("expected %d lines after the CSV header, one per car; found %d"), cars,
                  run->nrows);
    for (i = 0; i < run->nrows; i++) {
        int car = run->rows[i].car;

        ck_assert_msg(car >= 1 && car <= cars,
                      _("CSV line %d names car %d; the cars are numbered 1 to %d"), i + 1, car,
                      cars);
        ck_assert_msg(!seen[car], _("car %d appears twice in the classification"), car);
        seen[car] = 1;
    }
}

/* The log's precondition: as many lap lines as cars x laps. */
void assert_log_complete(const struct race_run *run, int cars, int laps)
{
    ck_assert_msg(run->nlaps >= 0,
                  _("expected the lap log (--log FILE) to be written; no such file"));
    ck_assert_msg(run->nlaps == cars * laps,
                  _("expected %d lines in the lap log (%d cars x %d laps); found %d"), cars * laps,
                  cars, laps, run->nlaps);
}

const struct row *row_of(const struct race_run *run, int car)
{
    int i;

    for (i = 0; i < run->nrows; i++)
        if (run->rows[i].car == car)
            return &run->rows[i];
    return NULL;
}

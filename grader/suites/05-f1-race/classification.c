/*
 * classification.c - the race read back once it has ended (race.c): every
 * car's laps in the classification and the lap log (cars_finish), each lap
 * the sum of its sectors (lap_is_sum), the best times the minima
 * (bests_are_minima), the classification's order (classification_order),
 * and the same classification for the same seed (reproducible). Two
 * tables: the report keeps the hidden test, reproducible, for last.
 */
#include "../../po/i18n.h"
#include "suite.h"
#include "lab05.h"

START_TEST(cars_finish)
{
    struct race_run run;
    char why[400];
    int car, i;

    run_fast_guarded(FAST_SEED, "laps.csv", &run);
    assert_race_ran(&run, FAST_CARS);
    for (car = 1; car <= FAST_CARS; car++) {
        const struct row *r = row_of(&run, car);
        int expected = 1;

        ck_assert_msg(
            r->laps == FAST_LAPS,
            _("expected every car to complete its %d laps; the classification says car %d "
              "did %d"),
            FAST_LAPS, car, r->laps);
        ck_assert_msg(run.nlaps >= 0, _("expected the lap log (--log FILE) to be written; no such "
                                        "file"));
        for (i = 0; i < run.nlaps; i++) {
            if (run.laps[i].car != car)
                continue;
            ck_assert_msg(run.laps[i].lap == expected,
                          _("in the lap log, car %d's laps should be numbered 1, 2, ... %d in "
                            "order; found lap %d where lap %d was expected"),
                          car, FAST_LAPS, run.laps[i].lap, expected);
            expected++;
        }
        ck_assert_msg(expected - 1 == FAST_LAPS,
                      _("expected %d lines for car %d in the lap log; found %d"), FAST_LAPS, car,
                      expected - 1);
    }
    ck_assert_msg(
        record_updates(run.res.trace, FAST_CARS, FAST_LAPS, RECORD_STATUS, why, sizeof why) == 0,
        "%s", why);
    free_run(&run);
}
END_TEST

START_TEST(lap_is_sum)
{
    struct race_run run;
    char why[400];
    int i, k;

    run_fast_guarded(FAST_SEED, "laps.csv", &run);
    assert_race_ran(&run, FAST_CARS);
    assert_log_complete(&run, FAST_CARS, FAST_LAPS);
    for (i = 0; i < run.nlaps; i++) {
        const struct lap *l = &run.laps[i];
        double sum = 0;

        for (k = 0; k < SECTORS; k++) {
            ck_assert_msg(
                l->sector[k] > 0,
                _("car %d, lap %d: sector %d time is %.3f in the lap log; a completed lap "
                  "has three sector times"),
                l->car, l->lap, k + 1, l->sector[k]);
            sum += l->sector[k];
        }
        ck_assert_msg(l->time > sum - EPS && l->time < sum + EPS,
                      _("car %d, lap %d: the lap time is %.3f, but S1 + S2 + S3 = %.3f + %.3f + "
                        "%.3f = %.3f"),
                      l->car, l->lap, l->time, l->sector[0], l->sector[1], l->sector[2], sum);
    }
    ck_assert_msg(
        record_updates(run.res.trace, FAST_CARS, FAST_LAPS, RECORD_LAP, why, sizeof why) == 0, "%s",
        why);
    free_run(&run);
}
END_TEST

/* Each car's best lap and sectors in the CSV are the minima of its laps in the lap log. */
static void assert_bests(const struct race_run *run)
{
    static const char *const names[] = {"best_s1", "best_s2", "best_s3"};
    int i, k;

    for (i = 0; i < run->nrows; i++) {
        const struct row *r = &run->rows[i];
        double best[SECTORS] = {0}, best_lap = 0;
        int j, found = 0;

        for (j = 0; j < run->nlaps; j++) {
            const struct lap *l = &run->laps[j];

            if (l->car != r->car)
                continue;
            found++;
            for (k = 0; k < SECTORS; k++)
                if (found == 1 || l->sector[k] < best[k])
                    best[k] = l->sector[k];
            if (found == 1 || l->time < best_lap)
                best_lap = l->time;
        }
        if (found == 0) /* cars_finish says what is missing */
            continue;
        ck_assert_msg(
            r->best_lap > best_lap - EPS / 3 && r->best_lap < best_lap + EPS / 3,
            _("car %d: the classification gives best_lap %.3f, but its fastest lap in the "
              "lap log is %.3f"),
            r->car, r->best_lap, best_lap);
        for (k = 0; k < SECTORS; k++)
            ck_assert_msg(
                r->best[k] > best[k] - EPS / 3 && r->best[k] < best[k] + EPS / 3,
                _("car %d: the classification gives %s %.3f, but its fastest sector %d in "
                  "the lap log is %.3f"),
                r->car, names[k], r->best[k], k + 1, best[k]);
    }
}

START_TEST(bests_are_minima)
{
    struct race_run run;

    run_fast(FAST_SEED, "laps.csv", &run);
    assert_race_ran(&run, FAST_CARS);
    assert_log_complete(&run, FAST_CARS, FAST_LAPS);
    assert_bests(&run);
    free_run(&run);
    /* The full grid: every record copied whole, the last car's too (a copy
     * a few bytes short leaves its best lap at 0, a longer one overflows). */
    run_grid(GRID_CARS, 2, FAST_SEED, "grid.csv", &run);
    assert_race_ran(&run, GRID_CARS);
    assert_log_complete(&run, GRID_CARS, 2);
    assert_bests(&run);
    free_run(&run);
}
END_TEST

/* Positions 1, 2, 3...; best laps in increasing order, cars without a time last. */
static void assert_sorted(const struct row *rows, int n, const char *run)
{
    int i;

    for (i = 0; i < n; i++) {
        const struct row *r = &rows[i], *prev = i > 0 ? &rows[i - 1] : NULL;

        ck_assert_msg(r->position == i + 1, _("%sCSV line %d gives position %d; expected %d"), run,
                      i + 1, r->position, i + 1);
        ck_assert_msg(
            prev == NULL || r->best_lap == 0 ||
                (prev->best_lap > 0 && prev->best_lap <= r->best_lap),
            _("%sexpected the classification sorted by best lap, fastest first (cars without "
              "a time last); car %d (position %d, best lap %.3f) comes before car %d "
              "(position %d, best lap %.3f)"),
            run, prev ? prev->car : 0, i, prev ? prev->best_lap : 0.0, r->car, i + 1, r->best_lap);
    }
}

START_TEST(classification_order)
{
    static const char *const env[] = {KILL_END_CARS, NULL};
    static const char *const csv[] = {"--cars", "4",       "--laps", "3",     "--seed",
                                      "7",      "--speed", "0",      "--csv", NULL};
    struct sb_spec spec = {0};
    struct sb_result res;
    struct row rows[MAX_ROWS];
    struct race_run run;
    int n;

    run_fast(FAST_SEED, "laps.csv", &run);
    assert_race_ran(&run, FAST_CARS);
    assert_sorted(run.rows, run.nrows, "");
    free_run(&run);
    /* Cars without a lap time: the grader kills cars 1 and 4 before they drive. */
    spec.program = PROGRAM;
    spec.env = env;
    spec.timeout = 5;
    spec.args = csv;
    sb_run(&spec, &res);
    n = parse_csv(res.out, rows, MAX_ROWS);
    if (!res.timed_out && n == 4) /* otherwise car_killed says what went wrong */
        assert_sorted(rows, n,
                      _("with two cars without a lap time (the grader killed cars 1 and 4): "));
    sb_result_free(&res);
}
END_TEST

START_TEST(reproducible)
{
    struct race_run a, b, c;
    int i, same = 1, k;

    run_fast("11", "a.csv", &a);
    assert_race_ran(&a, FAST_CARS);
    run_fast("11", "b.csv", &b);
    assert_race_ran(&b, FAST_CARS);
    run_fast("12", "c.csv", &c);
    assert_race_ran(&c, FAST_CARS);
    for (i = 0; i < FAST_CARS; i++) {
        const struct row *x = &a.rows[i], *y = &b.rows[i];

        ck_assert_msg(x->car == y->car && x->laps == y->laps && x->best_lap == y->best_lap,
                      _("the same --seed 11 gave two different classifications: position %d is car "
                        "%d (%.3f) in one run, car %d (%.3f) in the other"),
                      i + 1, x->car, x->best_lap, y->car, y->best_lap);
        for (k = 0; k < SECTORS; k++)
            ck_assert_msg(
                x->best[k] == y->best[k],
                _("the same --seed 11 gave two different best sector %d times for car %d"), k + 1,
                x->car);
        if (x->car != c.rows[i].car || x->best_lap != c.rows[i].best_lap)
            same = 0;
    }
    ck_assert_msg(!same, _("--seed 11 and --seed 12 gave the same classification: the seed is not "
                           "used"));
    free_run(&a);
    free_run(&b);
    free_run(&c);
}
END_TEST

const struct graded_test classification_tests[] = {
    {.test = &cars_finish,
     .points = 2,
     .title = "every car completes its laps, in the classification and in the lap log",
     .hint = "Each car's process drives every lap and writes laps = lap in its own record, "
             "&cars[i] for car i + 1, and no other; its status fields say where it is: out on "
             "track, in_pit, or finished, one of the three at 1. Notes, section 5 (fork and shared "
             "memory)."},
    {.test = &lap_is_sum,
     .points = 1,
     .title = "every lap time is S1 + S2 + S3 of that lap",
     .hint = "At the end of a lap, lap_time = sector[0] + sector[1] + sector[2], the three sectors "
             "of this lap; clear the sectors when a new lap starts. Notes, section 5."},
    {.test = &bests_are_minima,
     .points = 3,
     .title = "every best time is the minimum of the times it covers (double, not int)",
     .hint = "Keep best times in double fields: an int drops the fraction (31.874 becomes 31) and "
             "a comparison with it goes wrong. Update a best when the new time is smaller, or when "
             "there is no best yet. Notes, section 9 (the box on the car struct)."},
    {.test = &classification_order,
     .points = 2,
     .title = "the classification is sorted by best lap, fastest first",
     .hint =
         "Sort your copy of the records with qsort(3) and a comparison on best_lap, after giving "
         "the semaphore back: hold the lock only to copy. Notes, section 7; man page qsort(3)."},
    END_OF_TESTS,
};

const struct graded_test seed_tests[] = {
    {.test = &reproducible,
     .points = 2,
     .title = "the same seed gives the same classification; another seed another one",
     .hint = "Seed each car's generator with prng_seed(seed, car number) in the car's process, and "
             "draw every time from it. Notes, section 5.",
     .hidden = 1},
    END_OF_TESTS,
};

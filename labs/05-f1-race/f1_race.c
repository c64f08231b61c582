/*
 * f1_race.c - lab 05: a Formula 1 practice session in shared memory.
 *
 * The parent creates one System V segment holding an array of `struct car`
 * (f1.h) and one System V semaphore that protects it. It then forks one
 * process per car. Each car drives its laps: it draws its sector times from
 * its own random generator, waits for the time to pass, and writes each time
 * in its own record, holding the semaphore only while it writes. Meanwhile the
 * parent shows the classification: it copies the whole array while holding
 * the semaphore (a consistent snapshot), lets it go, and only then sorts and
 * draws its copy. On a terminal the table is redrawn in place; otherwise each
 * refresh prints a plain table. When every car has finished, the parent
 * waits for them, prints the final classification and removes the segment
 * and the semaphore. Ctrl-C (SIGINT) stops the session cleanly: the stop
 * signals are blocked while the race is set up, so none can arrive before
 * every process is ready for it.
 *
 * The semaphore is taken with P and given back with V: common/pv.h, the two
 * wrappers of semop(2) you wrote in lab 03.
 *
 * Usage: f1_race [--cars N] [--laps N] [--seed N] [--speed X] [--csv] [--log FILE]
 *
 *   --cars N    cars on track, 1..30 (default 20)
 *   --laps N    laps each car drives, 1..1000 (default 10)
 *   --seed N    seed of the random times: the same seed gives the same session
 *               (default: taken from the clock, and shown)
 *   --speed X   the session runs X times faster than real time; 0 does not
 *               wait at all (default 60 on a terminal, 0 otherwise)
 *   --csv       print the final classification as CSV on standard output;
 *               the live view then goes to standard error
 *   --log FILE  each car appends one CSV line per lap to FILE
 *
 * Man pages: shmget(2), shmat(2), shmdt(2), shmctl(2), semget(2), semctl(2),
 * semop(2), fork(2), waitpid(2), kill(2), sigaction(2), sigprocmask(2),
 * qsort(3).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "error.h"
#include "f1.h"
#include "pv.h" /* P and V, as written in lab 03 */

#define REFRESH_MS 100 /* the live view is redrawn ten times a second */

/* ------------------------------------------------------------------------
 * Options (given)
 * ------------------------------------------------------------------------ */

struct options {
    int cars;
    int laps;
    unsigned long seed;
    double speed;         /* < 0 until chosen */
    int csv;              /* print the final classification as CSV */
    const char *log_path; /* NULL: no lap log */
};

static void usage(const char *program)
{
    fprintf(stderr, "usage: %s [--cars N] [--laps N] [--seed N] [--speed X] [--csv] [--log FILE]\n",
            program);
    exit(EXIT_FAILURE);
}

/* The integer in text, between min and max, or stop with a message. */
static long parse_number(const char *text, const char *option, long min, long max)
{
    char *end;
    long value;

    errno = 0;
    value = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || value < min || value > max)
        fail("%s: expected a whole number from %ld to %ld, got \"%s\"", option, min, max, text);
    return value;
}

static void parse_options(int argc, char *argv[], struct options *opt)
{
    static const struct option long_options[] = {
        {"cars", required_argument, NULL, 'c'},
        {"laps", required_argument, NULL, 'l'},
        {"seed", required_argument, NULL, 's'},
        {"speed", required_argument, NULL, 'x'},
        {"csv", no_argument, NULL, 'v'},
        {"log", required_argument, NULL, 'g'},
        {NULL, 0, NULL, 0},
    };
    char *end;
    int c;

    opt->cars = 20;
    opt->laps = 10;
    opt->seed = (unsigned long)time(NULL);
    opt->speed = -1;
    opt->csv = 0;
    opt->log_path = NULL;
    while ((c = getopt_long(argc, argv, "", long_options, NULL)) != -1) {
        switch (c) {
        case 'c':
            opt->cars = (int)parse_number(optarg, "--cars", 1, MAX_CARS);
            break;
        case 'l':
            opt->laps = (int)parse_number(optarg, "--laps", 1, MAX_LAPS);
            break;
        case 's':
            opt->seed = (unsigned long)parse_number(optarg, "--seed", 0, 2147483647L);
            break;
        case 'x':
            errno = 0;
            opt->speed = strtod(optarg, &end);
            if (errno != 0 || end == optarg || *end != '\0' || opt->speed < 0)
                fail("--speed: expected a number >= 0, got \"%s\"", optarg);
            break;
        case 'v':
            opt->csv = 1;
            break;
        case 'g':
            opt->log_path = optarg;
            break;
        default: /* getopt_long(3) has already said what is wrong */
            usage(argv[0]);
        }
    }
    if (optind < argc)
        usage(argv[0]);
}

/* ------------------------------------------------------------------------
 * Random times (given)
 *
 * rand(3) gives different numbers on different C libraries. The kit uses its
 * own small generator, xorshift64*, so that a seed gives the same session on
 * every machine. Each car has a generator of its own, seeded from the
 * session's seed and the car's number: what a car draws does not depend on
 * the order in which the processes happen to run.
 * ------------------------------------------------------------------------ */

struct prng {
    uint64_t state; /* never 0 */
};

/* splitmix64: spreads the bits of a seed (Steele, Lea and Flood, 2014). */
static uint64_t mix(uint64_t x)
{
    x += 0x9E3779B97F4A7C15u;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9u;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBu;
    return x ^ (x >> 31);
}

static void prng_seed(struct prng *g, unsigned long seed, int car)
{
    g->state = mix(mix((uint64_t)seed) + (uint64_t)car);
    if (g->state == 0)
        g->state = 1;
}

/* xorshift64* (Vigna, 2016). */
static uint64_t prng_next(struct prng *g)
{
    g->state ^= g->state >> 12;
    g->state ^= g->state << 25;
    g->state ^= g->state >> 27;
    return g->state * 0x2545F4914F6CDD1Du;
}

/* A number from 0 to n - 1. */
static int prng_below(struct prng *g, int n)
{
    return (int)(prng_next(g) % (uint64_t)n);
}

/* A car's pace: its usual time in each sector, in milliseconds. */
struct pace {
    int sector_ms[SECTORS];
};

static void draw_pace(struct prng *g, struct pace *pace)
{
    static const int fastest_ms[SECTORS] = {28000, 33000, 26000};
    int k;

    for (k = 0; k < SECTORS; k++)
        pace->sector_ms[k] = fastest_ms[k] + prng_below(g, 900);
}

/* The time of one sector, in seconds (a whole number of milliseconds). */
static double draw_sector(struct prng *g, const struct pace *pace, int k)
{
    int ms = pace->sector_ms[k] + prng_below(g, 700);

    if (prng_below(g, 25) == 0) /* a mistake: a lock-up, a run wide */
        ms += 1000 + prng_below(g, 3000);
    return ms / 1000.0;
}

/* After lap `lap` of `laps`: the seconds spent in the pits, or 0 for no stop. */
static double draw_pit_stop(struct prng *g, int lap, int laps)
{
    if (lap == laps || prng_below(g, 6) != 0)
        return 0;
    return (20000 + prng_below(g, 20000)) / 1000.0;
}

/* Let `seconds` of session time pass: seconds / speed of real time. */
static void drive(double seconds, double speed)
{
    struct timespec ts;
    double real;

    if (speed <= 0)
        return;
    real = seconds / speed;
    ts.tv_sec = (time_t)real;
    ts.tv_nsec = (long)((real - (double)ts.tv_sec) * 1e9);
    while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
        continue; /* the rest of the time, after a stop signal (SIGSTOP, SIGCONT) */
}

/* Sleep for ms milliseconds; a signal ends the nap early, on purpose. */
static void pause_ms(int ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

    nanosleep(&ts, NULL);
}

/* ------------------------------------------------------------------------
 * Output (given): the live view, the CSV classification, the lap log
 * ------------------------------------------------------------------------ */

/* "1:27.815" (with_minutes) or "27.815"; "-" for no time yet. */
static const char *format_time(char *buf, size_t size, double t, int with_minutes)
{
    int ms = (int)(t * 1000 + 0.5);

    if (t <= 0)
        snprintf(buf, size, "-");
    else if (with_minutes)
        snprintf(buf, size, "%d:%02d.%03d", ms / 60000, ms / 1000 % 60, ms % 1000);
    else
        snprintf(buf, size, "%d.%03d", ms / 1000, ms % 1000);
    return buf;
}

static const char *status_of(const struct car *car)
{
    if (car->finished)
        return "FIN";
    if (car->in_pit)
        return "PIT";
    if (car->out)
        return "";
    return "GARAGE";
}

/*
 * Draw the classification: cars[] is already sorted, best lap first. The best
 * time of each sector among all cars is marked with a '*'. On a terminal the
 * table is redrawn over the previous one (ANSI escapes: ESC[H moves the
 * cursor home, ESC[K clears the rest of a line, ESC[2J the screen).
 */
static void draw_classification(FILE *out, int tty, const struct car *cars, int n,
                                const struct options *opt, int frame)
{
    const char *eol = tty ? "\033[K\n" : "\n";
    double fastest[SECTORS] = {0};
    char best[16], gap[16], last[16], sec[16];
    int done = 0, i, k;

    for (i = 0; i < n; i++) {
        done += cars[i].laps;
        for (k = 0; k < SECTORS; k++)
            if (cars[i].best_sector[k] > 0 &&
                (fastest[k] == 0 || cars[i].best_sector[k] < fastest[k]))
                fastest[k] = cars[i].best_sector[k];
    }
    if (tty)
        fputs(frame == 0 ? "\033[2J\033[H" : "\033[H", out);
    else if (frame > 0)
        fputs("\n", out);
    fprintf(out, "Practice session: %d cars, %d laps, seed %lu, %d/%d laps done%s", n, opt->laps,
            opt->seed, done, n * opt->laps, eol);
    fprintf(out, "%3s %4s %4s %9s %8s %9s %8s  %8s  %8s  %s%s", "P", "CAR", "LAPS", "BEST", "GAP",
            "LAST", "S1", "S2", "S3", "", eol);
    for (i = 0; i < n; i++) {
        const struct car *c = &cars[i];

        format_time(best, sizeof best, c->best_lap, 1);
        if (i > 0 && c->best_lap > 0 && cars[0].best_lap > 0)
            snprintf(gap, sizeof gap, "+%.3f", c->best_lap - cars[0].best_lap);
        else
            snprintf(gap, sizeof gap, "-");
        format_time(last, sizeof last, c->lap_time, 1);
        fprintf(out, "%3d %4d %4d %9s %8s %9s", i + 1, c->id, c->laps, best, gap, last);
        for (k = 0; k < SECTORS; k++)
            fprintf(out, " %8s%c", format_time(sec, sizeof sec, c->best_sector[k], 0),
                    c->best_sector[k] > 0 && c->best_sector[k] == fastest[k] ? '*' : ' ');
        fprintf(out, " %s%s", status_of(c), eol);
    }
    fflush(out);
}

/* A time for the CSV: seconds with three decimals, or an empty field. */
static void csv_time(FILE *out, double t)
{
    if (t > 0)
        fprintf(out, "%.3f", t);
}

/*
 * The final classification for machines: a header line, then one line per
 * car, best lap first. Columns: position, car, laps, best_lap, best_s1,
 * best_s2, best_s3 (times in seconds; an empty field for no time).
 */
static void print_csv(FILE *out, const struct car *cars, int n)
{
    int i, k;

    fprintf(out, "position,car,laps,best_lap,best_s1,best_s2,best_s3\n");
    for (i = 0; i < n; i++) {
        fprintf(out, "%d,%d,%d,", i + 1, cars[i].id, cars[i].laps);
        csv_time(out, cars[i].best_lap);
        for (k = 0; k < SECTORS; k++) {
            fputc(',', out);
            csv_time(out, cars[i].best_sector[k]);
        }
        fputc('\n', out);
    }
    fflush(out);
}

#define LOG_HEADER "car,lap,s1,s2,s3,lap_time\n"

/*
 * Append to the lap log the lap that `me` has just completed, as its record
 * now says: "car,lap,s1,s2,s3,lap_time". One write(2) per line: the file is
 * opened with O_APPEND, so the kernel puts each write at the end of the file
 * in one go and the lines of different cars never mix. Returns 0, or -1 if
 * the write failed. Does nothing without a log (fd == -1).
 */
static int log_lap(int fd, const struct car *me)
{
    char line[128];
    int n;

    if (fd == -1)
        return 0;
    n = snprintf(line, sizeof line, "%d,%d,%.3f,%.3f,%.3f,%.3f\n", me->id, me->laps, me->sector[0],
                 me->sector[1], me->sector[2], me->lap_time);
    return write(fd, line, (size_t)n) == n ? 0 : -1;
}

/* ------------------------------------------------------------------------
 * The race
 * ------------------------------------------------------------------------ */

/* What the parent knows about the race: private, never shared. */
struct race {
    int shmid;            /* the segment, -1 before it exists */
    int semid;            /* the semaphore set, -1 before it exists */
    struct car *cars;     /* where the segment is attached in this process, or NULL */
    int ncars;            /* records in the segment */
    int log_fd;           /* the --log file, or -1 */
    pid_t pids[MAX_CARS]; /* car i's process; 0 once it has been waited for */
    int running;          /* cars not waited for yet */
    int failed;           /* a car's process ended badly */
};

/* semctl(2): the caller defines union semun (SUSv3 says so; glibc does not). */
union semun {
    int val;
    struct semid_ds *buf;
    unsigned short *array;
};

/* The last signal asking the race to stop (SIGINT, SIGTERM or SIGHUP), or 0. */
static volatile sig_atomic_t stop_requested = 0;

static void stop_cars(struct race *r);
static int close_race(struct race *r);

/*
 * Something failed in the parent after the race was set up: stop the cars,
 * remove the segment and the semaphore (close_race, step 10), then report
 * the failure like die().
 */
static void abort_race(struct race *r, const char *what)
{
    int saved = errno;

    stop_cars(r);
    close_race(r);
    errno = saved;
    die(what);
}

/* Create the segment for ncars records and the semaphore that protects it. */
static void open_race(struct race *r, int ncars)
{
    r->shmid = -1;
    r->semid = -1;
    r->cars = NULL;
    r->ncars = ncars;
    r->running = 0;
    r->failed = 0;

    /* TODO 1: create a private segment big enough for ncars records
     * (shmget(2), mode 0600) and attach it (shmat(2): its failure value is
     * (void *) -1, not NULL). A new segment is filled with zeros: only the
     * car numbers are left to set, 1 to ncars. On failure, abort_race(). */
    (void)abort_race; // use it on failure

    /* TODO 2: create a private set of one semaphore (semget(2), mode 0600)
     * and set it to 1, "free" (semctl(2), SETVAL, with a union semun). */
}

/*
 * In a car's process: take or give back the semaphore, or end the car.
 *
 * P and V (common/pv.h) work on semaphore 0 of the set, with SEM_UNDO. A car
 * can die while it holds the semaphore: kill -9, or Ctrl-C, which reaches
 * every car at once, wherever it is. Without SEM_UNDO the semaphore would
 * stay at 0, and every other car and the parent would wait for it forever;
 * with it, the kernel gives it back when the process dies. V takes SEM_UNDO
 * too, so that the kernel's count of what to undo for this car goes back to
 * 0 once the semaphore is given back.
 */
static void car_lock(int semid)
{
    if (P(semid, 0, SEM_UNDO) == -1)
        die_child("semop(P)");
}

static void car_unlock(int semid)
{
    if (V(semid, 0, SEM_UNDO) == -1)
        die_child("semop(V)");
}

/*
 * Block (how = SIG_BLOCK) or unblock (SIG_UNBLOCK) the stop signals, SIGINT,
 * SIGTERM and SIGHUP, in the calling process (sigprocmask(2)). A blocked
 * signal is not lost: the kernel keeps it pending, and delivers it as soon
 * as it is unblocked. Returns 0, or -1 with errno set.
 *
 * Why block them? Ctrl-C can come at any instant. Without the block:
 *   - a SIGINT after shmget but before sigaction kills the parent with its
 *     default action: the segment and the semaphore are never removed;
 *   - a SIGTERM (stop_cars) that reaches a new car before it has restored
 *     the default actions runs the handler copied from the parent: it only
 *     sets the car's copy of stop_requested, which no car reads, and the car
 *     races on while the parent waits for it.
 * So main() blocks them before creating anything and unblocks them once the
 * objects, the handlers and the cars exist; fork(2) copies the mask, and
 * each car unblocks them only after restoring the default actions. A signal
 * that came in the meantime then does what it should: the parent's handler
 * notes it, a car ends.
 */
static int mask_stop_signals(int how)
{
    sigset_t set;

    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    return sigprocmask(how, &set, NULL);
}

/* A car ends at once on SIGINT, SIGTERM or SIGHUP: undo the handlers fork() copied. */
static void restore_default_signals(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGINT, &sa, NULL) == -1 || sigaction(SIGTERM, &sa, NULL) == -1 ||
        sigaction(SIGHUP, &sa, NULL) == -1)
        die_child("sigaction");
}

/* The process of car i, created by fork(2). Never returns. */
static void run_car(const struct race *r, int i, const struct options *opt)
{
    struct car *me = &r->cars[i]; /* this record, and no other */
    struct prng rng;
    struct pace pace;

    restore_default_signals();
    /* Only now may a stop signal reach this car: it ends it, as it should. */
    if (mask_stop_signals(SIG_UNBLOCK) == -1)
        die_child("sigprocmask");
    prng_seed(&rng, opt->seed, me->id);
    draw_pace(&rng, &pace);

    /* TODO 3: drive opt->laps laps. For each sector k of a lap: draw its time
     * (draw_sector), let it pass (drive), then, holding the semaphore
     * (car_lock, car_unlock), write it in me->sector[k] and update
     * me->best_sector[k]; at the start of a lap, clear the other sectors;
     * after the last sector, set lap_time (S1 + S2 + S3), laps and best_lap.
     * Then log the lap (log_lap) and stop in the pits if draw_pit_stop says
     * so (in_pit). Set out while on track, finished at the end. Never drive,
     * sleep or print while holding the semaphore. */
    (void)car_lock, (void)car_unlock, (void)log_lap; // helpers for this step
    (void)draw_sector, (void)drive, (void)draw_pit_stop;

    if (shmdt(r->cars) == -1)
        die_child("shmdt");
    _exit(EXIT_SUCCESS);
}

/* Create one process per car: r->pids[i] runs car i. */
static void start_cars(struct race *r, const struct options *opt)
{
    /* Flush before fork(2): a child would print a second copy of the buffers. */
    fflush(stdout);
    fflush(stderr);

    /* TODO 4: for each car i, fork(2). In the child, call run_car(r, i, opt),
     * which never returns. In the parent, keep the pid in r->pids[i] and
     * count the car in r->running. If fork fails, abort_race(): it stops the
     * cars already started. */
    (void)r;
    (void)opt;
    (void)run_car; // delete this line once you call run_car()
}

/* Copy every record into copy[], as they all were at one instant. */
static void take_snapshot(struct race *r, struct car *copy)
{
    /* TODO 5: take the semaphore (P, common/pv.h: semaphore 0, SEM_UNDO),
     * copy the r->ncars records (memcpy), give the semaphore back (V, with
     * SEM_UNDO too). Nothing else: the sorting and drawing happen on the
     * copy, after the semaphore is free. On failure, abort_race(). */
    (void)r;
    (void)copy;
}

/*
 * qsort(3) comparison: a negative number if car a comes before car b. Best
 * lap first; a car without a lap time after all those with one; on equal
 * times, the lower car number first.
 */
static int by_best_lap(const void *a, const void *b)
{
    /* TODO 6: compare the two cars as described above. */
    (void)a;
    (void)b;
    return 0;
}

/* Sort a snapshot into classification order. */
static void classify(struct car *cars, int n)
{
    /* TODO 6 (continued): sort cars[] with qsort(3) and by_best_lap. */
    (void)cars;
    (void)n;
    (void)by_best_lap;
}

/* Wait for the cars that have ended, without blocking for the others. */
static void reap_cars(struct race *r)
{
    /* TODO 7: call waitpid(-1, &status, WNOHANG) until it returns 0 (no
     * other car has ended) or fails with ECHILD (no car left). For each pid
     * returned, set its r->pids[] entry to 0 and decrement r->running; if it
     * did not exit with status 0 (WIFEXITED, WEXITSTATUS), say so on stderr
     * and set r->failed. EINTR: try again. Other errors: abort_race(). */
    (void)r;
}

/* The handler of SIGINT, SIGTERM and SIGHUP: only note the request (async-signal-safe). */
static void on_stop_signal(int sig)
{
    stop_requested = sig;
}

/* Make SIGINT (Ctrl-C), SIGTERM and SIGHUP (the terminal closed) ask the race to stop. */
static void catch_stop_signals(void)
{
    /* TODO 8: install on_stop_signal for SIGINT, SIGTERM and SIGHUP
     * (sigaction(2)), with sa_flags = 0: without SA_RESTART, a blocking call
     * that the signal interrupts (waitpid, the parent's nap) returns at once
     * with EINTR, and the loop sees the request. On failure, die(). */
    (void)on_stop_signal;
}

/* End every car still running and wait for all of them: no zombie is left. */
static void stop_cars(struct race *r)
{
    /* TODO 9: send SIGTERM (kill(2)) to every car whose r->pids[i] is not
     * 0, then waitpid(2) for each of them (again on EINTR) and set its entry
     * to 0; r->running ends at 0. A car that has already ended is a zombie
     * until it is waited for: kill() still succeeds. Report failures on
     * stderr without stopping (perror): this function runs on error paths. */
    (void)r;
}

/* Detach and remove whatever exists of the segment and the semaphore set.
 * Returns 0, or -1 if something could not be removed (said on stderr). */
static int close_race(struct race *r)
{
    int status = 0;

    /* TODO 10: if attached (r->cars != NULL), detach (shmdt(2)); if they
     * exist (not -1), remove the segment (shmctl(2), IPC_RMID) and the
     * semaphore set (semctl(2), IPC_RMID). Try all three even if one fails:
     * perror() and status = -1. Then mark them gone (NULL, -1). */
    (void)r;
    return status;
}

int main(int argc, char *argv[])
{
    struct options opt;
    struct race race = {0};
    struct car snapshot[MAX_CARS] = {{0}};
    FILE *view;
    int tty, frame = 0, status = EXIT_SUCCESS;

    parse_options(argc, argv, &opt);
    view = opt.csv ? stderr : stdout; /* with --csv, stdout is for the CSV only */
    tty = isatty(fileno(view));
    if (opt.speed < 0)
        opt.speed = tty ? 60 : 0;

    race.log_fd = -1;
    if (opt.log_path != NULL) {
        /* O_APPEND: every write(2) goes to the end of the file, atomically. */
        race.log_fd = open(opt.log_path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644);
        if (race.log_fd == -1)
            die(opt.log_path);
        if (write(race.log_fd, LOG_HEADER, strlen(LOG_HEADER)) == -1)
            die(opt.log_path);
    }

    /* No stop signal until everything below exists (see mask_stop_signals). */
    if (mask_stop_signals(SIG_BLOCK) == -1)
        die("sigprocmask");
    open_race(&race, opt.cars); /* steps 1 and 2 */
    catch_stop_signals();       /* step 8 */
    start_cars(&race, &opt);    /* step 4 */
    /* A signal that came during the set-up is delivered here, to the handler. */
    if (mask_stop_signals(SIG_UNBLOCK) == -1)
        abort_race(&race, "sigprocmask");

    /* The live view: snapshot, sort and draw, until every car has been waited for. */
    while (race.running > 0 && !stop_requested) {
        take_snapshot(&race, snapshot); /* step 5 */
        classify(snapshot, opt.cars);   /* step 6: outside the lock */
        draw_classification(view, tty, snapshot, opt.cars, &opt, frame++);
        pause_ms(REFRESH_MS);
        reap_cars(&race); /* step 7 */
    }

    if (stop_requested) {  /* Ctrl-C: no classification, but nothing left behind */
        stop_cars(&race);  /* step 9 */
        close_race(&race); /* step 10 */
        fprintf(stderr, "session stopped by signal %d\n", (int)stop_requested);
        return 128 + stop_requested; /* what a shell reports for a process killed by it */
    }

    take_snapshot(&race, snapshot);
    classify(snapshot, opt.cars);
    draw_classification(view, tty, snapshot, opt.cars, &opt, frame);
    if (opt.csv)
        print_csv(stdout, snapshot, opt.cars);

    if (close_race(&race) == -1 || race.failed) /* step 10 */
        status = EXIT_FAILURE;
    if (race.log_fd != -1 && close(race.log_fd) == -1)
        die(opt.log_path);
    return status;
}

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
 * This file is the race's processes and their shared memory: the numbered
 * TODOs are all here. What has nothing to do with shared memory is given, in
 * files of its own that make (mk/lab.mk) links with this one: the options
 * (f1_options.c), the random lap times and time passing (f1_times.c), the
 * timing board, the CSV and the lap log (f1_board.c). Each one's header says
 * what its functions do.
 *
 * The semaphore is taken with P and given back with V: common/pv.h, the two
 * wrappers of semop(2) you wrote in lab 03.
 *
 * Usage: f1_race [--cars N] [--laps N] [--seed N] [--speed X] [--csv] [--log FILE]
 * (f1_options.h says what each option does)
 *
 * Man pages: shmget(2), shmat(2), shmdt(2), shmctl(2), semget(2), semctl(2),
 * semop(2), fork(2), waitpid(2), kill(2), sigaction(2), sigprocmask(2),
 * qsort(3).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "error.h"
#include "f1.h"
#include "f1_board.h"   /* the timing board, the CSV, the lap log */
#include "f1_options.h" /* the command line */
#include "f1_times.h"   /* random lap times, and time passing */
#include "pv.h"         /* P and V, as written in lab 03 */

#define REFRESH_MS 100 /* the live view is redrawn ten times a second */

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
    /* BEGIN SOLUTION */
    r->shmid = shmget(IPC_PRIVATE, (size_t)ncars * sizeof(struct car), IPC_CREAT | 0600);
    if (r->shmid == -1)
        die("shmget");
    void *addr = shmat(r->shmid, NULL, 0);
    if (addr == (void *)-1)
        abort_race(r, "shmat");
    r->cars = addr;
    for (int i = 0; i < ncars; i++)
        r->cars[i].id = i + 1;
    /* SKELETON: (void)abort_race; // use it on failure */
    /* END SOLUTION */

    /* TODO 2: create a private set of one semaphore (semget(2), mode 0600)
     * and set it to 1, "free" (semctl(2), SETVAL, with a union semun). */
    /* BEGIN SOLUTION */
    r->semid = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
    if (r->semid == -1)
        abort_race(r, "semget");
    union semun arg;
    arg.val = 1;
    if (semctl(r->semid, 0, SETVAL, arg) == -1)
        abort_race(r, "semctl(SETVAL)");
    /* END SOLUTION */
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
    /* BEGIN SOLUTION */
    car_lock(r->semid);
    me->out = 1;
    car_unlock(r->semid);
    for (int lap = 1; lap <= opt->laps; lap++) {
        for (int k = 0; k < SECTORS; k++) {
            double t = draw_sector(&rng, &pace, k);

            drive(t, opt->speed); /* the car drives the sector, holding nothing */
            car_lock(r->semid);
            if (k == 0) /* a new lap: the sectors of the previous one are cleared */
                for (int j = 1; j < SECTORS; j++)
                    me->sector[j] = 0;
            me->sector[k] = t;
            if (me->best_sector[k] == 0 || t < me->best_sector[k])
                me->best_sector[k] = t;
            if (k == SECTORS - 1) { /* the lap is complete */
                me->lap_time = me->sector[0] + me->sector[1] + me->sector[2];
                me->laps = lap;
                if (me->best_lap == 0 || me->lap_time < me->best_lap)
                    me->best_lap = me->lap_time;
            }
            car_unlock(r->semid);
        }
        /* Only this process writes this record: it may read it without the lock. */
        if (log_lap(r->log_fd, me) == -1)
            die_child("write (lap log)");

        double stop = draw_pit_stop(&rng, lap, opt->laps);
        if (stop > 0) {
            car_lock(r->semid);
            me->out = 0;
            me->in_pit = 1;
            car_unlock(r->semid);
            drive(stop, opt->speed);
            car_lock(r->semid);
            me->in_pit = 0;
            me->out = 1;
            car_unlock(r->semid);
        }
    }
    car_lock(r->semid);
    me->out = 0;
    me->finished = 1;
    car_unlock(r->semid);
    /* SKELETON: (void)car_lock, (void)car_unlock; // helpers for this step */
    /* END SOLUTION */

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
    /* BEGIN SOLUTION */
    for (int i = 0; i < r->ncars; i++) {
        pid_t pid = fork();

        if (pid == -1)
            abort_race(r, "fork");
        if (pid == 0)
            run_car(r, i, opt);
        r->pids[i] = pid;
        r->running++;
    }
    /* SKELETON: (void)r; */
    /* SKELETON: (void)opt; */
    /* SKELETON: (void)run_car; // delete this line once you call run_car() */
    /* END SOLUTION */
}

/* Copy every record into copy[], as they all were at one instant. */
static void take_snapshot(struct race *r, struct car *copy)
{
    /* TODO 5: take the semaphore (P, common/pv.h: semaphore 0, SEM_UNDO),
     * copy the r->ncars records (memcpy), give the semaphore back (V, with
     * SEM_UNDO too). Nothing else: the sorting and drawing happen on the
     * copy, after the semaphore is free. On failure, abort_race(). */
    /* BEGIN SOLUTION */
    if (P(r->semid, 0, SEM_UNDO) == -1)
        abort_race(r, "semop(P)");
    memcpy(copy, r->cars, (size_t)r->ncars * sizeof *copy);
    if (V(r->semid, 0, SEM_UNDO) == -1)
        abort_race(r, "semop(V)");
    /* SKELETON: (void)r; */
    /* SKELETON: (void)copy; */
    /* END SOLUTION */
}

/*
 * qsort(3) comparison: a negative number if car a comes before car b. Best
 * lap first; a car without a lap time after all those with one; on equal
 * times, the lower car number first.
 */
static int by_best_lap(const void *a, const void *b)
{
    /* TODO 6: compare the two cars as described above. */
    /* BEGIN SOLUTION */
    const struct car *x = a, *y = b;

    if (x->best_lap != y->best_lap) {
        if (x->best_lap == 0)
            return 1;
        if (y->best_lap == 0)
            return -1;
        return x->best_lap < y->best_lap ? -1 : 1;
    }
    return x->id - y->id;
    /* SKELETON: (void)a; */
    /* SKELETON: (void)b; */
    /* SKELETON: return 0; */
    /* END SOLUTION */
}

/* Sort a snapshot into classification order. */
static void classify(struct car *cars, int n)
{
    /* TODO 6 (continued): sort cars[] with qsort(3) and by_best_lap. */
    /* BEGIN SOLUTION */
    qsort(cars, (size_t)n, sizeof *cars, by_best_lap);
    /* SKELETON: (void)cars; */
    /* SKELETON: (void)n; */
    /* SKELETON: (void)by_best_lap; */
    /* END SOLUTION */
}

/* Wait for the cars that have ended, without blocking for the others. */
static void reap_cars(struct race *r)
{
    /* TODO 7: call waitpid(-1, &status, WNOHANG) until it returns 0 (no
     * other car has ended) or fails with ECHILD (no car left). For each pid
     * returned, set its r->pids[] entry to 0 and decrement r->running; if it
     * did not exit with status 0 (WIFEXITED, WEXITSTATUS), say so on stderr,
     * naming the car by its number (i + 1), and set r->failed. EINTR: try again. Other errors: abort_race(). */
    /* BEGIN SOLUTION */
    for (;;) {
        int status;
        pid_t pid = waitpid(-1, &status, WNOHANG);

        if (pid == 0)
            return;
        if (pid == -1) {
            if (errno == EINTR)
                continue;
            if (errno == ECHILD) {
                r->running = 0;
                return;
            }
            abort_race(r, "waitpid");
        }
        for (int i = 0; i < r->ncars; i++)
            if (r->pids[i] == pid) {
                r->pids[i] = 0;
                r->running--;
                if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
                    fprintf(stderr, "car %d: its process ended badly\n", i + 1);
                    r->failed = 1;
                }
            }
    }
    /* SKELETON: (void)r; */
    /* END SOLUTION */
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
    /* BEGIN SOLUTION */
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    if (sigaction(SIGINT, &sa, NULL) == -1 || sigaction(SIGTERM, &sa, NULL) == -1 ||
        sigaction(SIGHUP, &sa, NULL) == -1)
        die("sigaction");
    /* SKELETON: (void)on_stop_signal; */
    /* END SOLUTION */
}

/* End every car still running and wait for all of them: no zombie is left. */
static void stop_cars(struct race *r)
{
    /* TODO 9: send SIGTERM (kill(2)) to every car whose r->pids[i] is not
     * 0, then waitpid(2) for each of them (again on EINTR) and set its entry
     * to 0; r->running ends at 0. A car that has already ended is a zombie
     * until it is waited for: kill() still succeeds. Report failures on
     * stderr without stopping (perror): this function runs on error paths. */
    /* BEGIN SOLUTION */
    for (int i = 0; i < r->ncars; i++)
        if (r->pids[i] > 0 && kill(r->pids[i], SIGTERM) == -1)
            perror("kill");
    for (int i = 0; i < r->ncars; i++) {
        if (r->pids[i] <= 0)
            continue;
        while (waitpid(r->pids[i], NULL, 0) == -1)
            if (errno != EINTR) {
                perror("waitpid");
                break;
            }
        r->pids[i] = 0;
    }
    r->running = 0;
    /* SKELETON: (void)r; */
    /* END SOLUTION */
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
    /* BEGIN SOLUTION */
    if (r->cars != NULL && shmdt(r->cars) == -1) {
        perror("shmdt");
        status = -1;
    }
    r->cars = NULL;
    if (r->shmid != -1 && shmctl(r->shmid, IPC_RMID, NULL) == -1) {
        perror("shmctl(IPC_RMID)");
        status = -1;
    }
    r->shmid = -1;
    if (r->semid != -1 && semctl(r->semid, 0, IPC_RMID) == -1) {
        perror("semctl(IPC_RMID)");
        status = -1;
    }
    r->semid = -1;
    /* SKELETON: (void)r; */
    /* END SOLUTION */
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
        race.log_fd = open_lap_log(opt.log_path); /* with O_APPEND: see f1_board.h */
        if (race.log_fd == -1)
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
        draw_classification(view, tty, snapshot, opt.cars, opt.laps, opt.seed, frame++);
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
    draw_classification(view, tty, snapshot, opt.cars, opt.laps, opt.seed, frame);
    if (opt.csv)
        print_csv(stdout, snapshot, opt.cars);

    if (close_race(&race) == -1 || race.failed) /* step 10 */
        status = EXIT_FAILURE;
    if (race.log_fd != -1 && close(race.log_fd) == -1)
        die(opt.log_path);
    return status;
}

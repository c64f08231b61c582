/* f1_race.c - the practice session, a third way.
 * CORPUS (correct-firstv): a correct program with other idioms the handout
 * allows: the semaphore starts at 0 (a new set) and the parent frees it with
 * a first V once the records are set; each car keeps its own copy of its
 * record, updates it holding nothing and copies it in, whole, under the lock
 * (prepare outside, copy inside); the parent collects its cars with
 * waitid(P_ALL, WEXITED | WNOHANG). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#include "error.h"
#include "f1.h"
#include "f1_board.h"
#include "f1_options.h"
#include "f1_times.h"
#include "pv.h"

struct session {
    int shm, sem;
    struct car *rec;
    int n, log;
    pid_t pid[MAX_CARS];
    int alive, broken;
};

static volatile sig_atomic_t got_signal;

static void note(int sig)
{
    got_signal = sig;
}

static int finish(struct session *s)
{
    int rc = 0, i;

    for (i = 0; i < s->n; i++)
        if (s->pid[i] != 0 && kill(s->pid[i], SIGTERM) == -1) {
            perror("kill");
            rc = -1;
        }
    for (i = 0; i < s->n; i++)
        if (s->pid[i] != 0) {
            while (waitpid(s->pid[i], NULL, 0) == -1 && errno == EINTR)
                ;
            s->pid[i] = 0;
        }
    s->alive = 0;
    if (s->rec != NULL && shmdt(s->rec) == -1) {
        perror("shmdt");
        rc = -1;
    }
    s->rec = NULL;
    if (s->shm != -1 && shmctl(s->shm, IPC_RMID, NULL) == -1) {
        perror("shmctl");
        rc = -1;
    }
    s->shm = -1;
    if (s->sem != -1 && semctl(s->sem, 0, IPC_RMID) == -1) {
        perror("semctl");
        rc = -1;
    }
    s->sem = -1;
    return rc;
}

static void give_up(struct session *s, const char *what)
{
    int e = errno;

    finish(s);
    errno = e;
    die(what);
}

/* Copy mine into the shared record, holding the semaphore for the copy only. */
static void publish(const struct session *s, struct car *shared, const struct car *mine)
{
    if (P(s->sem, 0, SEM_UNDO) == -1)
        die_child("P");
    memcpy(shared, mine, sizeof *mine);
    if (V(s->sem, 0, SEM_UNDO) == -1)
        die_child("V");
}

static void drive_car(const struct session *s, int i, const struct options *o)
{
    struct car mine, *shared = &s->rec[i];
    struct sigaction sa;
    sigset_t none;
    struct prng g;
    struct pace pace;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGINT, &sa, NULL) || sigaction(SIGTERM, &sa, NULL) ||
        sigaction(SIGHUP, &sa, NULL))
        die_child("sigaction");
    sigemptyset(&none);
    if (sigprocmask(SIG_SETMASK, &none, NULL) == -1)
        die_child("sigprocmask");
    memset(&mine, 0, sizeof mine);
    mine.id = i + 1;
    prng_seed(&g, o->seed, mine.id);
    draw_pace(&g, &pace);
    mine.out = 1;
    publish(s, shared, &mine);
    for (int lap = 1; lap <= o->laps; lap++) {
        for (int k = 0; k < SECTORS; k++) {
            double t = draw_sector(&g, &pace, k);

            drive(t, o->speed);
            if (k == 0)
                mine.sector[1] = mine.sector[2] = 0;
            mine.sector[k] = t;
            if (mine.best_sector[k] == 0 || t < mine.best_sector[k])
                mine.best_sector[k] = t;
            if (k == SECTORS - 1) {
                mine.lap_time = mine.sector[0] + mine.sector[1] + mine.sector[2];
                mine.laps = lap;
                if (mine.best_lap == 0 || mine.lap_time < mine.best_lap)
                    mine.best_lap = mine.lap_time;
            }
            publish(s, shared, &mine);
        }
        if (log_lap(s->log, &mine) == -1)
            die_child("lap log");
        double stop = draw_pit_stop(&g, lap, o->laps);
        if (stop > 0) {
            mine.out = 0;
            mine.in_pit = 1;
            publish(s, shared, &mine);
            drive(stop, o->speed);
            mine.in_pit = 0;
            mine.out = 1;
            publish(s, shared, &mine);
        }
    }
    mine.out = 0;
    mine.finished = 1;
    publish(s, shared, &mine);
    if (shmdt(s->rec) == -1)
        die_child("shmdt");
    _exit(0);
}

static int faster(const void *a, const void *b)
{
    const struct car *x = a, *y = b;

    if (x->best_lap == 0 || y->best_lap == 0) {
        if (x->best_lap != y->best_lap)
            return x->best_lap == 0 ? 1 : -1;
    } else if (x->best_lap != y->best_lap) {
        return x->best_lap < y->best_lap ? -1 : 1;
    }
    return x->id < y->id ? -1 : x->id > y->id;
}

static void snapshot(struct session *s, struct car *out)
{
    if (P(s->sem, 0, SEM_UNDO) == -1)
        give_up(s, "P");
    memcpy(out, s->rec, sizeof *out * (size_t)s->n);
    if (V(s->sem, 0, SEM_UNDO) == -1)
        give_up(s, "V");
}

/* Collect the cars that have ended (waitid, without blocking). */
static void collect(struct session *s)
{
    while (s->alive > 0) {
        siginfo_t si;

        memset(&si, 0, sizeof si);
        if (waitid(P_ALL, 0, &si, WEXITED | WNOHANG) == -1) {
            if (errno == EINTR)
                continue;
            give_up(s, "waitid");
        }
        if (si.si_pid == 0)
            return;
        for (int i = 0; i < s->n; i++)
            if (s->pid[i] == si.si_pid) {
                s->pid[i] = 0;
                s->alive--;
                if (si.si_code != CLD_EXITED || si.si_status != 0) {
                    fprintf(stderr, "car %d: ended by %s %d\n", i + 1,
                            si.si_code == CLD_EXITED ? "status" : "signal", si.si_status);
                    s->broken = 1;
                }
            }
    }
}

int main(int argc, char *argv[])
{
    struct session s = {.shm = -1, .sem = -1, .log = -1};
    struct car board[MAX_CARS];
    struct options o;
    struct sigaction sa;
    sigset_t block, saved;
    FILE *out;
    int tty, frame = 0;

    parse_options(argc, argv, &o);
    s.n = o.cars;
    out = o.csv ? stderr : stdout;
    tty = isatty(fileno(out));
    if (o.speed < 0)
        o.speed = tty ? 60 : 0;
    if (o.log_path != NULL && (s.log = open_lap_log(o.log_path)) == -1)
        die(o.log_path);
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    if (sigprocmask(SIG_BLOCK, &block, &saved) == -1)
        die("sigprocmask");

    s.shm = shmget(IPC_PRIVATE, (size_t)s.n * sizeof(struct car), 0600);
    if (s.shm == -1)
        die("shmget");
    s.rec = shmat(s.shm, NULL, 0);
    if (s.rec == (void *)-1) {
        s.rec = NULL;
        give_up(&s, "shmat");
    }
    for (int i = 0; i < s.n; i++)
        s.rec[i].id = i + 1;
    s.sem = semget(IPC_PRIVATE, 1, 0600); /* a new semaphore is worth 0: taken */
    if (s.sem == -1)
        give_up(&s, "semget");
    if (V(s.sem, 0, 0) == -1) /* the records are ready: free it */
        give_up(&s, "V");

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = note;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGINT, &sa, NULL) || sigaction(SIGTERM, &sa, NULL) ||
        sigaction(SIGHUP, &sa, NULL))
        give_up(&s, "sigaction");
    fflush(stdout);
    fflush(stderr);
    for (int i = 0; i < s.n; i++) {
        pid_t p = fork();

        if (p == -1)
            give_up(&s, "fork");
        if (p == 0)
            drive_car(&s, i, &o);
        s.pid[i] = p;
        s.alive++;
    }
    if (sigprocmask(SIG_SETMASK, &saved, NULL) == -1)
        give_up(&s, "sigprocmask");

    for (;;) {
        snapshot(&s, board);
        qsort(board, (size_t)s.n, sizeof *board, faster);
        draw_classification(out, tty, board, s.n, o.laps, o.seed, frame++);
        if (s.alive == 0 || got_signal)
            break;
        pause_ms(100);
        collect(&s);
    }
    if (got_signal) {
        finish(&s);
        fprintf(stderr, "interrupted (signal %d)\n", (int)got_signal);
        return 128 + got_signal;
    }
    if (o.csv)
        print_csv(stdout, board, s.n);
    int rc = finish(&s) == -1 || s.broken ? EXIT_FAILURE : EXIT_SUCCESS;
    if (s.log != -1 && close(s.log) == -1)
        die(o.log_path);
    return rc;
}

/* f1_race.c - another way to run the practice session.
 * CORPUS (correct-alt): a correct program written differently (its own struct, globals,
 * an insertion sort, a one-line live view); it locks with P and V from common/pv.h. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "error.h"
#include "f1.h"
#include "pv.h"

union semun {
    int val;
    struct semid_ds *buf;
    unsigned short *array;
};

static int ncars = 20, nlaps = 10, want_csv = 0, logfd = -1;
static unsigned seed;
static double speed = -1;
static int shmid = -1, semid = -1;
static struct timing *board;
static pid_t kids[64];
static volatile sig_atomic_t interrupted;

static void on_int(int sig)
{
    interrupted = sig;
}

static void cleanup(void);

/* P (delta < 0) or V on the board's semaphore, undone if the process dies. */
static void sem_add(int delta, int in_child)
{
    int rc = delta < 0 ? P(semid, 0, SEM_UNDO) : V(semid, 0, SEM_UNDO);

    if (rc == -1) {
        if (in_child)
            die_child("semop");
        int saved = errno;
        cleanup(); /* the cars stopped, the objects removed */
        errno = saved;
        die("semop");
    }
}

static uint32_t next(uint32_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 17;
    *x ^= *x << 5;
    return *x;
}

static void wait_sim(double s)
{
    struct timespec ts;

    if (speed <= 0)
        return;
    s /= speed;
    ts.tv_sec = (time_t)s;
    ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
    nanosleep(&ts, NULL);
}

static void car(int idx)
{
    struct timing *t = board + idx;
    uint32_t x = seed * 2654435761u + (uint32_t)(idx + 1) * 40503u + 1u;
    int skill = 0, lap;
    char buf[128];
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_IGN; /* Ctrl-C is the parent's business */
    sigaction(SIGINT, &sa, NULL);
    for (lap = 0; lap < 10; lap++)
        next(&x);
    skill = (int)(next(&x) % 1500);
    for (lap = 1; lap <= nlaps; lap++) {
        double s[3];
        int k, n;

        for (k = 0; k < 3; k++) {
            s[k] = (27000 + 3000 * k + skill / 3 + (int)(next(&x) % 1000)) / 1000.0;
            wait_sim(s[k]);
            sem_add(-1, 1);
            t->state = ON_TRACK;
            if (k == 0) {
                t->s1 = s[0];
                t->s2 = t->s3 = 0;
                if (t->best_s1 == 0 || s[0] < t->best_s1)
                    t->best_s1 = s[0];
            } else if (k == 1) {
                t->s2 = s[1];
                if (t->best_s2 == 0 || s[1] < t->best_s2)
                    t->best_s2 = s[1];
            } else {
                t->s3 = s[2];
                if (t->best_s3 == 0 || s[2] < t->best_s3)
                    t->best_s3 = s[2];
                t->last = t->s1 + t->s2 + t->s3;
                if (t->best == 0 || t->last < t->best)
                    t->best = t->last;
                t->completed = lap;
            }
            sem_add(+1, 1);
        }
        if (logfd != -1) {
            n = snprintf(buf, sizeof buf, "%d,%ld,%.3f,%.3f,%.3f,%.3f\n", t->number, t->completed,
                         t->s1, t->s2, t->s3, t->last);
            if (write(logfd, buf, (size_t)n) != n)
                die_child("write");
        }
        if (lap % 4 == 0 && lap < nlaps) {
            sem_add(-1, 1);
            t->state = IN_PIT;
            sem_add(+1, 1);
            wait_sim(25);
        }
    }
    sem_add(-1, 1);
    t->state = DONE;
    sem_add(+1, 1);
    _exit(0);
}

/* insertion sort on the private copy */
static void order(struct timing *v, int n)
{
    int i, j;

    for (i = 1; i < n; i++) {
        struct timing key = v[i];

        for (j = i - 1; j >= 0; j--) {
            int later = v[j].best == 0  ? key.best != 0 || v[j].number > key.number
                        : key.best == 0 ? 0
                                        : v[j].best > key.best;
            if (!later)
                break;
            v[j + 1] = v[j];
        }
        v[j + 1] = key;
    }
}

static void cleanup(void)
{
    int i;

    for (i = 0; i < ncars; i++)
        if (kids[i] > 0) {
            kill(kids[i], SIGKILL);
            while (waitpid(kids[i], NULL, 0) == -1 && errno == EINTR)
                ;
            kids[i] = 0;
        }
    if (board != NULL && shmdt(board) == -1)
        perror("shmdt");
    board = NULL;
    if (semid != -1 && semctl(semid, 0, IPC_RMID) == -1)
        perror("semctl");
    semid = -1;
}

int main(int argc, char **argv)
{
    struct timing copy[64];
    struct sigaction sa;
    union semun arg;
    FILE *view;
    int i, done, alive, bad = 0;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--csv") == 0)
            want_csv = 1;
        else if (i + 1 < argc && strcmp(argv[i], "--cars") == 0)
            ncars = atoi(argv[++i]);
        else if (i + 1 < argc && strcmp(argv[i], "--laps") == 0)
            nlaps = atoi(argv[++i]);
        else if (i + 1 < argc && strcmp(argv[i], "--seed") == 0)
            seed = (unsigned)strtoul(argv[++i], NULL, 10);
        else if (i + 1 < argc && strcmp(argv[i], "--speed") == 0)
            speed = atof(argv[++i]);
        else if (i + 1 < argc && strcmp(argv[i], "--log") == 0) {
            logfd = open(argv[++i], O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644);
            if (logfd == -1)
                die(argv[i]);
        } else
            fail("usage: %s [--cars N] [--laps N] [--seed N] [--speed X] [--csv] [--log FILE]",
                 argv[0]);
    }
    if (ncars < 1 || ncars > 30 || nlaps < 1)
        fail("bad numbers");
    view = want_csv ? stderr : stdout;
    if (speed < 0)
        speed = isatty(fileno(view)) ? 50 : 0;

    shmid = shmget(IPC_PRIVATE, sizeof(struct timing) * (size_t)ncars, 0600);
    if (shmid == -1)
        die("shmget");
    board = shmat(shmid, NULL, 0);
    /* attach, then remove at once: the kernel destroys it at the last detach */
    if (shmctl(shmid, IPC_RMID, NULL) == -1)
        die("shmctl");
    if (board == (void *)-1)
        die("shmat");
    for (i = 0; i < ncars; i++)
        board[i].number = i + 1;
    semid = semget(IPC_PRIVATE, 1, 0600);
    if (semid == -1) {
        cleanup();
        die("semget");
    }
    arg.val = 1;
    if (semctl(semid, 0, SETVAL, arg) == -1) {
        cleanup();
        die("semctl");
    }
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_int;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    fflush(NULL);
    alive = ncars;
    for (i = 0; i < ncars; i++) {
        kids[i] = fork();
        if (kids[i] == -1) {
            cleanup();
            die("fork");
        }
        if (kids[i] == 0)
            car(i);
    }
    do {
        sem_add(-1, 0);
        memcpy(copy, board, sizeof(struct timing) * (size_t)ncars);
        sem_add(+1, 0);
        order(copy, ncars);
        for (i = 0, done = 0; i < ncars; i++)
            done += copy[i].state == DONE;
        fprintf(view, "leader #%d %.3f, %d/%d cars done\n", copy[0].number, copy[0].best, done,
                ncars);
        fflush(view);
        if (alive > 0 && !interrupted) {
            struct timespec ts = {0, 80000000L};
            nanosleep(&ts, NULL);
        }
        for (;;) { /* the cars that have ended, a dead one too */
            int st;
            pid_t w = waitpid(-1, &st, WNOHANG);

            if (w == -1 && errno == EINTR)
                continue;
            if (w <= 0)
                break;
            for (i = 0; i < ncars; i++)
                if (kids[i] == w) {
                    kids[i] = 0;
                    alive--;
                    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
                        fprintf(stderr, "car %d stopped before the end\n", i + 1);
                        bad = 1;
                    }
                }
        }
    } while (alive > 0 && !interrupted);
    if (interrupted) {
        cleanup();
        signal(SIGINT, SIG_DFL);
        raise(SIGINT);
        return 1;
    }
    sem_add(-1, 0); /* the final classification, every car done */
    memcpy(copy, board, sizeof(struct timing) * (size_t)ncars);
    sem_add(+1, 0);
    order(copy, ncars);
    if (want_csv) {
        printf("position,car,laps,best_lap,best_s1,best_s2,best_s3\n");
        for (i = 0; i < ncars; i++)
            printf("%d,%d,%ld,%.3f,%.3f,%.3f,%.3f\n", i + 1, copy[i].number, copy[i].completed,
                   copy[i].best, copy[i].best_s1, copy[i].best_s2, copy[i].best_s3);
    }
    cleanup();
    return bad;
}

/* f1_race.c - the practice session, written another way.
 * CORPUS (correct-setall): a correct program with other idioms the handout
 * allows: the segment is marked for removal right after it is attached (it
 * lives until the last detach), the semaphore is set with SETALL, the lock is
 * its own semop() loop (EINTR: again), each car is reaped by its own pid with
 * waitpid(pid, WNOHANG), and the program's state is in globals. */
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

union semun {
    int val;
    struct semid_ds *buf;
    unsigned short *array;
};

static struct car *grid; /* the attached segment, or NULL */
static int sem = -1;     /* the semaphore set, or -1 */
static int ncars;
static pid_t car_pid[MAX_CARS];    /* 0: not running (or reaped) */
static volatile sig_atomic_t stop; /* the stop signal, or 0 */
static int trouble;                /* a car ended badly */
static int lap_log = -1;           /* the --log file, or -1 */

static void on_signal(int sig)
{
    stop = sig;
}

/* Add delta to the semaphore, undone by the kernel if the process dies. */
static int sem_add(int delta)
{
    struct sembuf op = {0, (short)delta, SEM_UNDO};

    while (semop(sem, &op, 1) == -1)
        if (errno != EINTR)
            return -1;
    return 0;
}

/* Kill the cars still running, wait for each; detach; remove the set. */
static int teardown(void)
{
    int i, bad = 0;

    for (i = 0; i < ncars; i++)
        if (car_pid[i] > 0 && kill(car_pid[i], SIGTERM) == -1) {
            perror("kill");
            bad = 1;
        }
    for (i = 0; i < ncars; i++) {
        while (car_pid[i] > 0 && waitpid(car_pid[i], NULL, 0) == -1)
            if (errno != EINTR) {
                perror("waitpid");
                bad = 1;
                break;
            }
        car_pid[i] = 0;
    }
    if (grid != NULL && shmdt(grid) == -1) {
        perror("shmdt");
        bad = 1;
    }
    grid = NULL;
    if (sem != -1 && semctl(sem, 0, IPC_RMID) == -1) {
        perror("semctl(IPC_RMID)");
        bad = 1;
    }
    sem = -1;
    return bad ? -1 : 0;
}

static void bail(const char *what)
{
    int saved = errno;

    teardown();
    errno = saved;
    die(what);
}

static void car_exit(const char *what)
{
    die_child(what);
}

static void lock_or_die(int delta)
{
    if (sem_add(delta) == -1)
        car_exit("semop");
}

static void race_car(int i, const struct options *opt)
{
    struct car *me = grid + i;
    struct sigaction dfl;
    struct prng g;
    struct pace pace;
    sigset_t all;
    int lap, k;

    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    if (sigaction(SIGINT, &dfl, NULL) == -1 || sigaction(SIGTERM, &dfl, NULL) == -1 ||
        sigaction(SIGHUP, &dfl, NULL) == -1)
        car_exit("sigaction");
    sigemptyset(&all);
    if (sigprocmask(SIG_SETMASK, &all, NULL) == -1)
        car_exit("sigprocmask");
    prng_seed(&g, opt->seed, i + 1);
    draw_pace(&g, &pace);
    lock_or_die(-1);
    me->out = 1;
    lock_or_die(+1);
    for (lap = 1; lap <= opt->laps; lap++) {
        double pit;

        for (k = 0; k < SECTORS; k++) {
            double t = draw_sector(&g, &pace, k);

            drive(t, opt->speed);
            lock_or_die(-1);
            if (k == 0)
                me->sector[1] = me->sector[2] = 0;
            me->sector[k] = t;
            if (me->best_sector[k] == 0 || t < me->best_sector[k])
                me->best_sector[k] = t;
            if (k == SECTORS - 1) {
                me->lap_time = me->sector[0] + me->sector[1] + me->sector[2];
                me->laps = lap;
                if (me->best_lap == 0 || me->lap_time < me->best_lap)
                    me->best_lap = me->lap_time;
            }
            lock_or_die(+1);
        }
        if (log_lap(lap_log, me) == -1)
            car_exit("write");
        pit = draw_pit_stop(&g, lap, opt->laps);
        if (pit > 0) {
            lock_or_die(-1);
            me->out = 0;
            me->in_pit = 1;
            lock_or_die(+1);
            drive(pit, opt->speed);
            lock_or_die(-1);
            me->in_pit = 0;
            me->out = 1;
            lock_or_die(+1);
        }
    }
    lock_or_die(-1);
    me->out = 0;
    me->finished = 1;
    lock_or_die(+1);
    if (shmdt(grid) == -1)
        car_exit("shmdt");
    _exit(EXIT_SUCCESS);
}

static int by_best(const void *a, const void *b)
{
    const struct car *x = a, *y = b;
    int xa = x->best_lap > 0, ya = y->best_lap > 0;

    if (xa != ya)
        return ya - xa; /* with a time first */
    if (xa && x->best_lap < y->best_lap)
        return -1;
    if (xa && x->best_lap > y->best_lap)
        return 1;
    return (x->id > y->id) - (x->id < y->id);
}

/* Copy the records under the lock; the caller sorts its copy afterwards. */
static void copy_grid(struct car *to)
{
    if (sem_add(-1) == -1)
        bail("semop");
    memcpy(to, grid, sizeof *to * (size_t)ncars);
    if (sem_add(+1) == -1)
        bail("semop");
}

/* Reap each car that has ended; returns how many are still running. */
static int reap(void)
{
    int i, left = 0;

    for (i = 0; i < ncars; i++) {
        int st;
        pid_t w;

        if (car_pid[i] == 0)
            continue;
        do
            w = waitpid(car_pid[i], &st, WNOHANG);
        while (w == -1 && errno == EINTR);
        if (w == -1)
            bail("waitpid");
        if (w == 0) {
            left++;
            continue;
        }
        car_pid[i] = 0;
        if (!(WIFEXITED(st) && WEXITSTATUS(st) == 0)) {
            fprintf(stderr, "f1_race: car %d did not finish its session\n", i + 1);
            trouble = 1;
        }
    }
    return left;
}

int main(int argc, char *argv[])
{
    struct options opt;
    struct car view_copy[MAX_CARS];
    unsigned short one[1] = {1};
    union semun arg;
    struct sigaction sa;
    sigset_t stops, old;
    FILE *view;
    int shmid, tty, i, frame = 0, code = EXIT_SUCCESS;

    parse_options(argc, argv, &opt);
    ncars = opt.cars;
    view = opt.csv ? stderr : stdout;
    tty = isatty(fileno(view));
    if (opt.speed < 0)
        opt.speed = tty ? 60 : 0;
    if (opt.log_path != NULL && (lap_log = open_lap_log(opt.log_path)) == -1)
        die(opt.log_path);
    sigemptyset(&stops);
    sigaddset(&stops, SIGINT);
    sigaddset(&stops, SIGTERM);
    sigaddset(&stops, SIGHUP);
    if (sigprocmask(SIG_BLOCK, &stops, &old) == -1)
        die("sigprocmask");

    shmid = shmget(IPC_PRIVATE, sizeof(struct car) * (size_t)ncars, 0600);
    if (shmid == -1)
        die("shmget");
    grid = shmat(shmid, NULL, 0);
    if (grid == (void *)-1) {
        int saved = errno;

        grid = NULL;
        shmctl(shmid, IPC_RMID, NULL);
        errno = saved;
        die("shmat");
    }
    if (shmctl(shmid, IPC_RMID, NULL) == -1) /* gone at the last detach */
        bail("shmctl(IPC_RMID)");
    for (i = 0; i < ncars; i++)
        grid[i].id = i + 1;
    sem = semget(IPC_PRIVATE, 1, 0600);
    if (sem == -1)
        bail("semget");
    arg.array = one;
    if (semctl(sem, 0, SETALL, arg) == -1)
        bail("semctl(SETALL)");

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGINT, &sa, NULL) == -1 || sigaction(SIGTERM, &sa, NULL) == -1 ||
        sigaction(SIGHUP, &sa, NULL) == -1)
        bail("sigaction");
    fflush(NULL);
    for (i = 0; i < ncars; i++) {
        pid_t pid = fork();

        if (pid == -1)
            bail("fork");
        if (pid == 0)
            race_car(i, &opt);
        car_pid[i] = pid;
    }
    if (sigprocmask(SIG_SETMASK, &old, NULL) == -1)
        bail("sigprocmask");

    while (!stop) {
        copy_grid(view_copy);
        qsort(view_copy, (size_t)ncars, sizeof *view_copy, by_best);
        draw_classification(view, tty, view_copy, ncars, opt.laps, opt.seed, frame++);
        pause_ms(100);
        if (reap() == 0)
            break;
    }
    if (stop) {
        teardown();
        fprintf(stderr, "f1_race: stopped by signal %d\n", (int)stop);
        return 128 + stop;
    }
    copy_grid(view_copy);
    qsort(view_copy, (size_t)ncars, sizeof *view_copy, by_best);
    draw_classification(view, tty, view_copy, ncars, opt.laps, opt.seed, frame);
    if (opt.csv)
        print_csv(stdout, view_copy, ncars);
    if (teardown() == -1 || trouble)
        code = EXIT_FAILURE;
    if (lap_log != -1 && close(lap_log) == -1)
        die(opt.log_path);
    return code;
}

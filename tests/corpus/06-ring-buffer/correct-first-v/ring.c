/*
 * ring.c - lab 06, a third correct design (corpus case correct-first-v).
 *
 * Written apart from the reference, with the other idioms the handout
 * allows: the semaphores start at 0 (as Linux creates them) and get their
 * first values from one semop of two V operations, +N on empty and +1 on mutex, instead of SETALL; P and V are
 * written here with semop, started again after EINTR, instead of pv.h; the
 * consumers do not count their share: each takes a ticket under the mutex
 * (a counter after the slots) and stops when none is left; items are
 * printed as "producer P item S" from fprintf; the children are collected
 * with wait(), and the segment is removed as soon as it is attached.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#include "error.h"
#include "ring.h"

static int semid = -1;

/* One operation on semaphore num; again after EINTR (a stop and continue). */
static void op(unsigned short num, short delta)
{
    struct sembuf b = {.sem_num = num, .sem_op = delta, .sem_flg = 0};

    while (semop(semid, &b, 1) == -1)
        if (errno != EINTR)
            die_child(delta < 0 ? "semop(P)" : "semop(V)");
}

/* The tickets left to the consumers: one unsigned after the slots. */
static unsigned *tickets(struct ring *r)
{
    return (unsigned *)&r->slot[r->slots];
}

static void producer(struct ring *r, int id, long n)
{
    for (long s = 0; s < n; s++) {
        op(RING_EMPTY, -1);
        op(RING_MUTEX, -1);
        r->slot[r->in].producer = id;
        r->slot[r->in].seq = (int)s;
        r->in = r->in + 1 < r->slots ? r->in + 1 : 0;
        op(RING_MUTEX, +1);
        op(RING_FULL, +1);
    }
}

static void consumer(struct ring *r)
{
    for (;;) {
        struct item it;
        int mine;

        op(RING_MUTEX, -1);
        mine = *tickets(r) > 0;
        if (mine)
            --*tickets(r);
        op(RING_MUTEX, +1);
        if (!mine)
            return;
        op(RING_FULL, -1);
        op(RING_MUTEX, -1);
        it = r->slot[r->out];
        r->out = r->out + 1 < r->slots ? r->out + 1 : 0;
        op(RING_MUTEX, +1);
        op(RING_EMPTY, +1);
        fprintf(stdout, "producer %d item %d\n", it.producer, it.seq);
    }
}

static long arg(const char *s, long lo, long hi, const char *what)
{
    char *end;
    long v;

    errno = 0;
    v = strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi)
        fail("%s must be a number from %ld to %ld, not \"%s\"", what, lo, hi, s);
    return v;
}

static void drop_set(void)
{
    if (semid != -1 && semctl(semid, 0, IPC_RMID) == -1)
        perror("semctl(IPC_RMID)");
    semid = -1;
}

int main(int argc, char *argv[])
{
    long s = 0, p = 0, c = 0, n = -1;
    int o;

    while ((o = getopt(argc, argv, "s:p:c:n:")) != -1) {
        if (o == 's')
            s = arg(optarg, 1, RING_MAX_SLOTS, "SLOTS");
        else if (o == 'p')
            p = arg(optarg, 1, RING_MAX_PROCS, "PRODUCERS");
        else if (o == 'c')
            c = arg(optarg, 1, RING_MAX_PROCS, "CONSUMERS");
        else if (o == 'n')
            n = arg(optarg, 0, RING_MAX_ITEMS, "ITEMS");
        else
            fail("usage: %s -s SLOTS -p PRODUCERS -c CONSUMERS -n ITEMS", argv[0]);
    }
    if (s == 0 || p == 0 || c == 0 || n < 0 || optind < argc)
        fail("usage: %s -s SLOTS -p PRODUCERS -c CONSUMERS -n ITEMS", argv[0]);
    if (setvbuf(stdout, NULL, _IOLBF, 0) != 0)
        fail("setvbuf failed");

    /* The ring, then the tickets' counter. */
    size_t bytes = sizeof(struct ring) + (size_t)s * sizeof(struct item) + sizeof(unsigned);
    int shmid = shmget(IPC_PRIVATE, bytes, IPC_CREAT | RING_MODE);
    if (shmid == -1)
        die("shmget");
    struct ring *r = shmat(shmid, NULL, 0);
    int saved = errno;
    /* Marked for removal now: it goes with the last detach, whatever happens. */
    if (shmctl(shmid, IPC_RMID, NULL) == -1) {
        perror("shmctl(IPC_RMID)");
        if (r != (void *)-1)
            shmdt(r);
        return EXIT_FAILURE;
    }
    if (r == (void *)-1) {
        errno = saved;
        die("shmat");
    }
    r->slots = (unsigned)s;
    r->in = r->out = 0;
    *tickets(r) = (unsigned)(p * n);

    semid = semget(IPC_PRIVATE, RING_NSEMS, IPC_CREAT | RING_MODE);
    if (semid == -1) {
        saved = errno;
        shmdt(r);
        errno = saved;
        die("semget");
    }
    /* A first V: empty += N, mutex += 1 in one semop (full stays at 0). */
    struct sembuf first[2] = {{RING_EMPTY, (short)s, 0}, {RING_MUTEX, 1, 0}};
    if (s > 32767 || semop(semid, first, 2) == -1) {
        saved = errno;
        drop_set();
        shmdt(r);
        errno = saved;
        die("semop(first V)");
    }
    fflush(stdout);

    int children = 0, bad = 0;
    for (long k = 0; k < p + c; k++) {
        pid_t pid = fork();

        if (pid == -1) {
            perror("fork");
            bad = 1;
            drop_set(); /* wakes the children already started (EIDRM) */
            break;
        }
        if (pid == 0) {
            if (k < p)
                producer(r, (int)k, n);
            else
                consumer(r);
            fflush(stdout);
            _exit(EXIT_SUCCESS);
        }
        children++;
    }
    while (children > 0) {
        int st;
        pid_t w = wait(&st);

        if (w == -1) {
            if (errno == EINTR)
                continue;
            perror("wait");
            bad = 1;
            break;
        }
        children--;
        if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
            continue;
        bad = 1;
        if (WIFSIGNALED(st))
            fprintf(stderr, "%s: process %d killed (%s)\n", argv[0], (int)w,
                    strsignal(WTERMSIG(st)));
        else
            fprintf(stderr, "%s: process %d exited with %d\n", argv[0], (int)w, WEXITSTATUS(st));
        drop_set();
    }
    drop_set();
    if (shmdt(r) == -1)
        die("shmdt");
    return bad ? EXIT_FAILURE : EXIT_SUCCESS;
}

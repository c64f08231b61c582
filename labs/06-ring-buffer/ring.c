/*
 * ring.c - lab 06: a bounded buffer shared by several producers and consumers.
 *
 * The parent creates a ring of SLOTS slots in a private System V segment and
 * a set of three System V semaphores (see ring.h), then forks PRODUCERS
 * producers and CONSUMERS consumers. Producer p puts ITEMS items in the ring,
 * tagged (p, 0), (p, 1), ... (p, ITEMS - 1). The consumers share the work:
 * together they take out every item, and each prints every item it takes on
 * a line of its own, "producer seq". The parent waits for all its children,
 * then removes the semaphore set and the segment.
 *
 * Usage: ring -s SLOTS -p PRODUCERS -c CONSUMERS -n ITEMS
 *        ring -s 1 -p 3 -c 2 -n 1000 | sort -n -k1,1 -k2,2 | uniq -d   (no line: no duplicate)
 *
 * Man pages: shmget(2), shmat(2), shmdt(2), shmctl(2), semget(2), semop(2),
 * semctl(2), fork(2), waitpid(2), setvbuf(3), strsignal(3).
 */
#include <errno.h>
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
#include "parse.h"
#include "pv.h" /* P() and V(), as written in lab 03 */
#include "ring.h"

static void usage(const char *program)
{
    fail("usage: %s -s SLOTS -p PRODUCERS -c CONSUMERS -n ITEMS\n"
         "  SLOTS     slots in the ring (1 to %d)\n"
         "  PRODUCERS processes that put items in (1 to %d)\n"
         "  CONSUMERS processes that take them out and print them (1 to %d)\n"
         "  ITEMS     items each producer puts in (0 to %d)",
         program, RING_MAX_SLOTS, RING_MAX_PROCS, RING_MAX_PROCS, RING_MAX_ITEMS);
}

/*
 * produce() and consume() take and give back the ring's semaphores with P()
 * and V() from common/pv.h, the wrappers you wrote in lab 03:
 * P(semid, RING_EMPTY, 0) waits until semaphore RING_EMPTY of the set is above
 * 0, then takes one unit; V(semid, RING_FULL, 0) gives one back and wakes a
 * process blocked in P, if any. Each returns 0, or -1 with errno set: EIDRM
 * when the parent has removed the set (it does so when something went wrong).
 * produce() and consume() run in a child: on such a failure they end it with
 * die_child().
 *
 * The flags are 0, no SEM_UNDO: a producer's V(semid, RING_FULL, 0) must
 * outlive the producer. With SEM_UNDO the kernel would take that unit back
 * when the producer exits, and the consumers would wait forever for items
 * that are in the ring.
 */

/* Producer `id`: put items (id, 0) .. (id, count - 1) in the ring. */
static void produce(struct ring *ring, int semid, int id, int count)
{
    for (int seq = 0; seq < count; seq++) {
        struct item item = {.producer = id, .seq = seq};

        /* TODO 3: wait for a free slot, then for the mutex (P, flags 0);
         * store the item at ring->slot[ring->in] and advance ring->in modulo
         * the number of slots; release the mutex, then signal one more full
         * slot (V, flags 0). If P or V fails, die_child(). The order of the
         * two P matters (see the handout). */
        (void)ring; // delete these lines once you write the TODO
        (void)semid;
        (void)item;
    }
}

/* A consumer: take `count` items out of the ring and print each one. */
static void consume(struct ring *ring, int semid, int count)
{
    for (int i = 0; i < count; i++) {
        struct item item = {0, 0};

        /* TODO 4: wait for a full slot, then for the mutex (P, flags 0);
         * copy the item at ring->slot[ring->out] and advance ring->out modulo
         * the number of slots; release the mutex, then signal one more free
         * slot (V, flags 0). If P or V fails, die_child(). */
        (void)ring; // delete these lines once you write the TODO
        (void)semid;

        /* Printed after V: a slow write must not keep the others waiting. */
        printf("%d %d\n", item.producer, item.seq);
    }
}

/*
 * Remove the semaphore set and the segment, whichever exist (-1: not created).
 * Removing the set also wakes every process blocked in semop(2) on it: their
 * semop fails with EIDRM, so nobody stays blocked forever.
 */
static void remove_ipc(int semid, int shmid)
{
    if (semid != -1 && semctl(semid, 0, IPC_RMID) == -1)
        perror("semctl(IPC_RMID)");
    if (shmid != -1 && shmctl(shmid, IPC_RMID, NULL) == -1)
        perror("shmctl(IPC_RMID)");
}

int main(int argc, char *argv[])
{
    int slots = 0, producers = 0, consumers = 0, items = -1, opt;

    while ((opt = getopt(argc, argv, "s:p:c:n:")) != -1) {
        switch (opt) {
        case 's':
            slots = (int)parse_long(optarg, 1, RING_MAX_SLOTS, argv[0], "-s SLOTS");
            break;
        case 'p':
            producers = (int)parse_long(optarg, 1, RING_MAX_PROCS, argv[0], "-p PRODUCERS");
            break;
        case 'c':
            consumers = (int)parse_long(optarg, 1, RING_MAX_PROCS, argv[0], "-c CONSUMERS");
            break;
        case 'n':
            items = (int)parse_long(optarg, 0, RING_MAX_ITEMS, argv[0], "-n ITEMS");
            break;
        default:
            usage(argv[0]);
        }
    }
    if (slots == 0 || producers == 0 || consumers == 0 || items == -1 || optind != argc)
        usage(argv[0]);

    /*
     * The consumers print from several processes into the same output. A
     * fully buffered stdout (the default when it is a file or a pipe) would
     * write 4096 bytes at a time, cutting lines in two, and another process's
     * block could land between the halves. Line buffering: one write(2) per
     * line, and such a short write to a file or a pipe is never mixed with
     * another. Set it before fork, so every child inherits it.
     */
    if (setvbuf(stdout, NULL, _IOLBF, 0) != 0)
        fail("setvbuf: cannot make standard output line buffered");

    int shmid = -1, semid = -1;
    struct ring *ring = NULL;
    int started = 0, failed = 0;
    long total = (long)producers * items;

    /* TODO 1: create a private segment big enough for the ring header and
     * `slots` items (shmget(2)), attach it (shmat(2)) and set ring->slots,
     * ring->in, ring->out. On a failure after shmget, remove the segment
     * before stopping (remove_ipc). */

    /* TODO 2: create a private set of RING_NSEMS semaphores (semget(2)) and
     * give them their first values with semctl(2) SETALL: RING_EMPTY = slots
     * (every slot is free), RING_FULL = 0, RING_MUTEX = 1. On failure, remove
     * what exists (remove_ipc) before stopping. */

    /* Nothing buffered may be copied into the children (see lab 01). */
    fflush(stdout);

    /*
     * TODO 5: fork the producers, then the consumers, and count them in
     * `started`. A child runs produce() or consume(), detaches the segment
     * (shmdt(2)) and ends with _exit(EXIT_SUCCESS). Consumer j takes
     * total / consumers items, plus one if j < total % consumers: together
     * the consumers take exactly `total` items.
     * If fork fails, say so, set `failed` and remove the semaphore set at
     * once (remove_ipc, then semid = -1): the children already running are
     * woken with EIDRM and end. Then stop forking and go on to wait for them.
     */
    (void)produce; // delete these lines once you call them
    (void)consume;
    (void)total;

    /* TODO 6: wait for every child, in the order they end (waitpid(2) with
     * pid -1). For a child that did not exit with status 0, say so on stderr
     * and set `failed`; remove the semaphore set at once if it still exists
     * (remove_ipc, then semid = -1): the others may be blocked forever on an
     * item that child will never make, and EIDRM wakes them up. */

    /* TODO 7: detach the segment (shmdt(2)), then remove the semaphore set
     * and the segment (remove_ipc): both outlive the program otherwise. If
     * shmdt fails, say so (perror) and set `failed`, but remove them all the
     * same. */
    (void)remove_ipc; // delete these lines once you use them
    (void)ring;
    (void)shmid;
    (void)semid;
    (void)started;

    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

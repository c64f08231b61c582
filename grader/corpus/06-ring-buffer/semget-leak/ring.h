/*
 * ring.h - lab 06: the layout of the bounded buffer and its semaphores.
 *
 * The buffer is a ring of N slots in one System V segment. Producers put
 * items in at index `in`, consumers take them out at index `out`; both
 * indexes go round modulo N. Three System V semaphores, in one set, guard it:
 *
 *     RING_EMPTY  how many slots are free      starts at N  producers P, consumers V
 *     RING_FULL   how many slots hold an item  starts at 0  consumers P, producers V
 *     RING_MUTEX  who may touch in, out, slot  starts at 1  P before, V after
 *
 * Every process of the program (the parent and the children it forks) uses
 * this header, so they all see the same layout.
 *
 * Man pages: shmget(2), shmat(2), semget(2), semop(2), semctl(2), svipc(7).
 */
#ifndef RING_H
#define RING_H

/* The index of each semaphore in the set, and how many there are. */
enum { RING_EMPTY = 0, RING_FULL = 1, RING_MUTEX = 2, RING_NSEMS = 3 };

/* Permissions of the segment and of the semaphore set: the owner only. */
#define RING_MODE 0600

/* Limits the program accepts on its command line. */
#define RING_MAX_SLOTS 4096     /* -s SLOTS */
#define RING_MAX_PROCS 16       /* -p PRODUCERS, -c CONSUMERS (each) */
#define RING_MAX_ITEMS 10000000 /* -n ITEMS, per producer */

/* One item: who made it, and its rank among that producer's items. */
struct item {
    int producer; /* 0 .. PRODUCERS - 1 */
    int seq;      /* 0 .. ITEMS - 1 */
};

/*
 * The segment. Its size depends on N: sizeof(struct ring) for the header
 * fields, plus N * sizeof(struct item) for the slots, which follow them
 * (slot is a C99 "flexible array member"). Only numbers are stored here,
 * never pointers: the segment may be attached at a different address in
 * each process.
 */
struct ring {
    unsigned slots;     /* N, set once by the parent before fork */
    unsigned in;        /* the next slot a producer fills, 0 .. N - 1 */
    unsigned out;       /* the next slot a consumer empties, 0 .. N - 1 */
    struct item slot[]; /* N slots */
};

/*
 * semctl(2) takes a fourth argument of this type for SETVAL, SETALL, GETALL,
 * IPC_STAT...; the caller must define it (glibc does not, as POSIX says).
 */
union semun {
    int val;               /* SETVAL */
    struct semid_ds *buf;  /* IPC_STAT, IPC_SET */
    unsigned short *array; /* GETALL, SETALL */
};

#endif

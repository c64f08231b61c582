/*
 * ring.h - lab 06, another correct design: POSIX shared memory and three
 * unnamed POSIX semaphores (sem_init with pshared = 1) stored in the ring.
 */
#ifndef RING_H
#define RING_H

#include <semaphore.h>

#define RING_LIMIT 4096 /* slots, processes of each kind */
#define STOP       0    /* producer number of the "no more items" marker */

struct item {
    int producer; /* 1 .. PRODUCERS, or STOP */
    int seq;      /* 1 .. ITEMS */
};

struct ring {
    sem_t free_slots, used_slots, lock;
    size_t n, head, tail;
    struct item slot[];
};

#endif

/*
 * pv.h - P and V on a System V semaphore, as you wrote them in lab 03.
 *
 * Lab 03 had you write lock_account() and unlock_account(): one semop(2) on
 * semaphore 0, -1 to take the lock, +1 to give it back, with SEM_UNDO, and a
 * new try after EINTR. From lab 05 on, the kit gives the same two operations
 * for any semaphore of a set and any flags:
 *
 *     if (P(semid, 0, SEM_UNDO) == -1)   wait until semaphore 0 is > 0, take 1
 *         die_child("semop(P)");
 *     ...critical section...
 *     if (V(semid, 0, SEM_UNDO) == -1)   give it back, wake a waiting process
 *         die_child("semop(V)");
 *
 * `flags` is the sem_flg of the operation: SEM_UNDO for a lock (the kernel
 * gives it back if the process dies holding it), 0 for a counting semaphore
 * whose V must outlive the process that made it (lab 06 explains why).
 * Both return 0, or -1 with errno set (EIDRM: the set was removed; EINVAL:
 * no such set or semaphore...). Neither returns EINTR: a wait interrupted by
 * a signal handler is simply started again.
 *
 * They are "static inline", defined here in the header rather than in a .c
 * file: a program that does not include pv.h (lab 03, where you write your
 * own) may name its own functions P and V without a clash at link time.
 *
 * Man pages: semop(2), svipc(7).
 */
#ifndef SHMLAB_PV_H
#define SHMLAB_PV_H

#include <errno.h>
#include <sys/sem.h>

/* One semop(2) of `delta` on semaphore `num` of the set, again after EINTR. */
static inline int semaphore_add(int semid, unsigned short num, short delta, short flags)
{
    struct sembuf op = {.sem_num = num, .sem_op = delta, .sem_flg = flags};

    while (semop(semid, &op, 1) == -1) {
        if (errno != EINTR) /* EINTR: a signal woke us up; wait again */
            return -1;
    }
    return 0;
}

/* P ("proberen", try): wait while semaphore `num` is 0, then take one unit. */
static inline int P(int semid, unsigned short num, short flags)
{
    return semaphore_add(semid, num, -1, flags);
}

/* V ("verhogen", raise): give one unit back; a process waiting in P wakes. */
static inline int V(int semid, unsigned short num, short flags)
{
    return semaphore_add(semid, num, +1, flags);
}

#endif

/*
 * f1.h - lab 05: what the race's processes share.
 *
 * CORPUS (best-int): best_sector and best_lap are int, as in the course
 * notes: they receive double values, and the fraction is dropped.
 *
 * One System V segment holds an array of `struct car`, one record per car.
 * Each car is a process created by fork(2): it writes its own record, and
 * only its own. The parent reads every record to show the classification.
 * One System V semaphore (a set of one, worth 1 when free) protects the whole
 * array: a car takes it to write its record, the parent takes it to copy the
 * array, and nobody keeps it longer than that.
 *
 * Two rules for anything placed in shared memory:
 *
 *   - Times are `double`. The course notes keep the best times in `int`
 *     fields: 31.874 s stored in an int becomes 31 (the fraction is dropped),
 *     and a new sector of 31.5 s then compares as slower than the "best" 31,
 *     so a better time is thrown away.
 *
 *   - No pointers. A pointer is an address in one process's address space.
 *     Another process may attach the same segment at another address, and
 *     what a pointer to the heap or the stack designates exists in one
 *     process only. Store indexes and values, never addresses.
 */
#ifndef F1_H
#define F1_H

#define MAX_CARS 30 /* a grid of more than 26 cars has never been seen */
#define MAX_LAPS 1000
#define SECTORS  3 /* a lap is made of three timed sectors */

/* The timing record of one car. Times are in seconds; 0 means "no time yet". */
struct car {
    int id;                      /* car number, 1..ncars: set by the parent before fork */
    int laps;                    /* laps completed */
    double sector[SECTORS];      /* sector times of the lap in progress (sector[0] is S1) */
    double lap_time;             /* time of the last lap completed: S1 + S2 + S3 */
    int best_sector[SECTORS]; /* MISTAKE: int, receives double values */
    int best_lap;             /* MISTAKE: int, receives double values */
    int in_pit;                  /* 1 while the car is stopped in the pits */
    int out;                     /* 1 while the car is out on track */
    int finished;                /* 1 once the car has done all its laps */
};

#endif

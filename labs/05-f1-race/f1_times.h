/*
 * f1_times.h - lab 05 (given): the lap-time model, and time passing.
 *
 * rand(3) gives different numbers on different C libraries. The kit uses its
 * own small generator, xorshift64*, so that a seed gives the same session on
 * every machine. Each car has a generator of its own, seeded from the
 * session's seed and the car's number: what a car draws does not depend on
 * the order in which the processes happen to run.
 *
 * A car first draws its pace (its usual time in each sector), then, lap
 * after lap, the time of each sector and whether it stops in the pits:
 *
 *     struct prng rng;
 *     struct pace pace;
 *
 *     prng_seed(&rng, seed, car_number);
 *     draw_pace(&rng, &pace);
 *     double t = draw_sector(&rng, &pace, 0);   S1 of the first lap
 *     drive(t, speed);                          let that time pass
 *
 * Man pages: nanosleep(2).
 */
#ifndef F1_TIMES_H
#define F1_TIMES_H

#include <stdint.h>

#include "f1.h"

/* A car's random generator. */
struct prng {
    uint64_t state; /* never 0 */
};

/* A car's pace: its usual time in each sector, in milliseconds. */
struct pace {
    int sector_ms[SECTORS];
};

/* Seed the generator of car number `car` from the session's seed. */
void prng_seed(struct prng *g, unsigned long seed, int car);

/* Draw a car's pace, once, before its first lap. */
void draw_pace(struct prng *g, struct pace *pace);

/* The time of sector k (0 is S1), in seconds (a whole number of milliseconds). */
double draw_sector(struct prng *g, const struct pace *pace, int k);

/* After lap `lap` of `laps`: the seconds spent in the pits, or 0 for no stop. */
double draw_pit_stop(struct prng *g, int lap, int laps);

/* Let `seconds` of session time pass: seconds / speed of real time (none if speed is 0). */
void drive(double seconds, double speed);

/* Sleep for ms milliseconds; a signal ends the nap early, on purpose. */
void pause_ms(int ms);

#endif

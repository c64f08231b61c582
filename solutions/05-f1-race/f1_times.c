/*
 * f1_times.c - lab 05 (given): see f1_times.h.
 */
#include <errno.h>
#include <stdint.h>
#include <time.h>

#include "f1_times.h"

/* splitmix64: spreads the bits of a seed (Steele, Lea and Flood, 2014). */
static uint64_t mix(uint64_t x)
{
    x += 0x9E3779B97F4A7C15u;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9u;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBu;
    return x ^ (x >> 31);
}

void prng_seed(struct prng *g, unsigned long seed, int car)
{
    g->state = mix(mix((uint64_t)seed) + (uint64_t)car);
    if (g->state == 0)
        g->state = 1;
}

/* xorshift64* (Vigna, 2016). */
static uint64_t prng_next(struct prng *g)
{
    g->state ^= g->state >> 12;
    g->state ^= g->state << 25;
    g->state ^= g->state >> 27;
    return g->state * 0x2545F4914F6CDD1Du;
}

/* A number from 0 to n - 1. */
static int prng_below(struct prng *g, int n)
{
    return (int)(prng_next(g) % (uint64_t)n);
}

void draw_pace(struct prng *g, struct pace *pace)
{
    static const int fastest_ms[SECTORS] = {28000, 33000, 26000};
    int k;

    for (k = 0; k < SECTORS; k++)
        pace->sector_ms[k] = fastest_ms[k] + prng_below(g, 900);
}

double draw_sector(struct prng *g, const struct pace *pace, int k)
{
    int ms = pace->sector_ms[k] + prng_below(g, 700);

    if (prng_below(g, 25) == 0) /* a mistake: a lock-up, a run wide */
        ms += 1000 + prng_below(g, 3000);
    return ms / 1000.0;
}

double draw_pit_stop(struct prng *g, int lap, int laps)
{
    if (lap == laps || prng_below(g, 6) != 0)
        return 0;
    return (20000 + prng_below(g, 20000)) / 1000.0;
}

void drive(double seconds, double speed)
{
    struct timespec ts;
    double real;

    if (speed <= 0)
        return;
    real = seconds / speed;
    ts.tv_sec = (time_t)real;
    ts.tv_nsec = (long)((real - (double)ts.tv_sec) * 1e9);
    while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
        continue; /* the rest of the time, after a stop signal (SIGSTOP, SIGCONT) */
}

void pause_ms(int ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

    nanosleep(&ts, NULL);
}

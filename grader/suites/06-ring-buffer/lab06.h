/*
 * lab06.h - what the files of lab 06's suite share: the program and how it
 * is run (run.c).
 */
#ifndef SUITE_LAB06_H
#define SUITE_LAB06_H

#include <stddef.h>

#include "suite.h"

#define PROGRAM     "ring"
#define RUN_TIMEOUT 2.0 /* seconds: a correct program needs well under 0.3 s */
#define LINE_BUDGET 32  /* characters an item's line may take: the sandbox keeps 64 KiB */

/* One run of the program. */
struct config {
    int slots, producers, consumers, items;
};

/* Run ring with the configuration c (and a fault to inject, or NULL). */
void run_ring(const struct config *c, const char *fail, struct sb_result *res);

/* Start ring with the configuration c; the caller waits for it (sb_wait). */
struct sb_proc *start_ring(const struct config *c, double timeout);

/* "ring -s 2 -p 3 -c 2 -n 1000", for messages. */
const char *command(const struct config *c, char *buf, size_t size);

/* The monotonic clock, in seconds; a nap of ms milliseconds. */
double seconds(void);
void pause_ms(int ms);

#endif

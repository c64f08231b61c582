/*
 * f1_board.h - lab 05 (given): what the race shows and writes down.
 *
 * The timing board (the live view and the final classification), the CSV of
 * the final classification, and the lap log. Each works on records the
 * caller owns: the parent draws its snapshot, never the shared segment, and
 * a car logs its own record.
 *
 * Man pages: open(2), write(2), snprintf(3).
 */
#ifndef F1_BOARD_H
#define F1_BOARD_H

#include <stdio.h>

#include "f1.h"

/*
 * draw_classification - draw the table of cars[0..n-1], already sorted, best
 * lap first, on out: a title line (laps of the session, seed, laps done),
 * then one line per car. The best time of each sector among all cars is
 * marked with a '*'. On a terminal (tty) the table is redrawn over the
 * previous one; frame counts the tables drawn before this one.
 */
void draw_classification(FILE *out, int tty, const struct car *cars, int n, int laps,
                         unsigned long seed, int frame);

/*
 * print_csv - the final classification for machines: a header line, then one
 * line per car of cars[0..n-1], in that order. Columns: position, car, laps,
 * best_lap, best_s1, best_s2, best_s3 (times in seconds; an empty field for
 * no time).
 */
void print_csv(FILE *out, const struct car *cars, int n);

/*
 * open_lap_log - create (or empty) the lap log at path and write its header
 * line, "car,lap,s1,s2,s3,lap_time". Returns the file descriptor, or -1 with
 * errno set.
 */
int open_lap_log(const char *path);

/*
 * log_lap - append to the lap log the lap that `me` has just completed, as
 * its record now says. One write(2) per line: the file is opened with
 * O_APPEND, so the kernel puts each write at the end of the file in one go
 * and the lines of different cars never mix. Returns 0, or -1 if the write
 * failed. Does nothing without a log (fd == -1).
 */
int log_lap(int fd, const struct car *me);

#endif

/*
 * f1_options.h - lab 05 (given): the command line of f1_race.
 *
 * Usage: f1_race [--cars N] [--laps N] [--seed N] [--speed X] [--csv] [--log FILE]
 *
 *   --cars N    cars on track, 1..30 (default 20)
 *   --laps N    laps each car drives, 1..1000 (default 10)
 *   --seed N    seed of the random times: the same seed gives the same session
 *               (default: taken from the clock, and shown)
 *   --speed X   the session runs X times faster than real time; 0 does not
 *               wait at all (default 60 on a terminal, 0 otherwise)
 *   --csv       print the final classification as CSV on standard output;
 *               the live view then goes to standard error
 *   --log FILE  each car appends one CSV line per lap to FILE
 *
 * Man pages: getopt_long(3), strtod(3); parse_long() is in common/parse.h.
 */
#ifndef F1_OPTIONS_H
#define F1_OPTIONS_H

struct options {
    int cars;
    int laps;
    unsigned long seed;
    double speed;         /* < 0 until chosen: main() picks 60 on a terminal, else 0 */
    int csv;              /* print the final classification as CSV */
    const char *log_path; /* NULL: no lap log */
};

/*
 * parse_options - fill *opt from the command line, defaults included. On a
 * wrong option or value, say what is wrong on stderr and exit(EXIT_FAILURE).
 */
void parse_options(int argc, char *argv[], struct options *opt);

#endif

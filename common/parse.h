/*
 * parse.h - read a number from the command line, or stop with a clear message.
 *
 * atoi(3) turns "12abc" into 12 and "abc" into 0 without a word, and a
 * number too big for an int into anything at all. strtol(3) says what went
 * wrong, but only to a caller that checks three things: errno (ERANGE: too
 * big or too small for a long), the end pointer (no digit at all, or
 * characters after the number) and the range the program accepts.
 * parse_long does the three checks for you:
 *
 *     writers = parse_long(optarg, 1, MAX_WRITERS, argv[0], "-w WRITERS");
 *
 * returns the number, or, given "-w 2x", prints on stderr
 *
 *     ./writers: -w WRITERS must be an integer from 1 to 32, not '2x'
 *
 * and exits with EXIT_FAILURE (through fail(), error.h), like a usage error.
 *
 * Man pages: strtol(3), errno(3).
 */
#ifndef SHMLAB_PARSE_H
#define SHMLAB_PARSE_H

/*
 * parse_long - the decimal integer written in text (optional leading blanks
 * and sign, then digits, nothing after them), which must lie in [min, max].
 * Otherwise print "PROGRAM: WHAT must be an integer from MIN to MAX, not
 * 'TEXT'" on stderr and exit(EXIT_FAILURE). program is the program's name
 * (argv[0]); what names the value as the usage message does ("-n UPDATES").
 */
long parse_long(const char *text, long min, long max, const char *program, const char *what);

#endif

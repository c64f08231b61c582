/*
 * f1_options.c - lab 05 (given): see f1_options.h.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "error.h"
#include "f1.h"
#include "f1_options.h"
#include "parse.h"

static void usage(const char *program)
{
    fprintf(stderr, "usage: %s [--cars N] [--laps N] [--seed N] [--speed X] [--csv] [--log FILE]\n",
            program);
    exit(EXIT_FAILURE);
}

void parse_options(int argc, char *argv[], struct options *opt)
{
    static const struct option long_options[] = {
        {"cars", required_argument, NULL, 'c'},
        {"laps", required_argument, NULL, 'l'},
        {"seed", required_argument, NULL, 's'},
        {"speed", required_argument, NULL, 'x'},
        {"csv", no_argument, NULL, 'v'},
        {"log", required_argument, NULL, 'g'},
        {NULL, 0, NULL, 0},
    };
    char *end;
    int c;

    opt->cars = 20;
    opt->laps = 10;
    opt->seed = (unsigned long)time(NULL);
    opt->speed = -1;
    opt->csv = 0;
    opt->log_path = NULL;
    while ((c = getopt_long(argc, argv, "", long_options, NULL)) != -1) {
        switch (c) {
        case 'c':
            opt->cars = (int)parse_long(optarg, 1, MAX_CARS, argv[0], "--cars");
            break;
        case 'l':
            opt->laps = (int)parse_long(optarg, 1, MAX_LAPS, argv[0], "--laps");
            break;
        case 's':
            opt->seed = (unsigned long)parse_long(optarg, 0, 2147483647L, argv[0], "--seed");
            break;
        case 'x':
            errno = 0;
            opt->speed = strtod(optarg, &end);
            if (errno != 0 || end == optarg || *end != '\0' || opt->speed < 0)
                fail("%s: --speed must be a number >= 0, not '%s'", argv[0], optarg);
            break;
        case 'v':
            opt->csv = 1;
            break;
        case 'g':
            opt->log_path = optarg;
            break;
        default: /* getopt_long(3) has already said what is wrong */
            usage(argv[0]);
        }
    }
    if (optind < argc)
        usage(argv[0]);
}

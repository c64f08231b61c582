/*
 * error.c - see error.h.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"

/* Print "what: reason" on stderr; errno is read before anything can change it. */
static void report(const char *what)
{
    const char *reason = strerror(errno);

    fprintf(stderr, "%s: %s\n", what, reason);
}

void die(const char *what)
{
    report(what);
    exit(EXIT_FAILURE);
}

void die_child(const char *what)
{
    report(what);
    _exit(EXIT_FAILURE); /* stderr is unbuffered: the message is already out */
}

void fail(const char *format, ...)
{
    va_list args;

    va_start(args, format);
    vfprintf(stderr, format, args);
    va_end(args);
    fputc('\n', stderr);
    exit(EXIT_FAILURE);
}

/*
 * parse.c - see parse.h.
 */
#include <errno.h>
#include <stdlib.h>

#include "error.h"
#include "parse.h"

long parse_long(const char *text, long min, long max, const char *program, const char *what)
{
    char *end;
    long value;

    errno = 0;
    value = strtol(text, &end, 10);
    /* errno: out of a long's range; end == text: no digit; *end: something after the digits. */
    if (errno != 0 || end == text || *end != '\0' || value < min || value > max)
        fail("%s: %s must be an integer from %ld to %ld, not '%s'", program, what, min, max, text);
    return value;
}

/*
 * sb_reaped.c - how the children a program waited for ended, read from the
 * preload's wait lines ("<pid> <time> waitpid(42, 0) = 42 [exit 1]").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sandbox.h"

int sb_reaped(const struct sb_result *res, int *first_status)
{
    const char *line = res->trace;
    int first = -1, seen = 0, sig = 0;

    while (line != NULL && *line != '\0') {
        const char *end = strchr(line, '\n');
        char *call, text[160];
        size_t n = end != NULL ? (size_t)(end - line) : strlen(line);
        int v;

        snprintf(text, sizeof text, "%.*s", (int)n, line);
        (void)strtol(text, &call, 10);        /* the pid */
        (void)strtod(call, &call);            /* the time stamp */
        if (strncmp(call, " wait", 5) == 0) { /* wait(), waitpid(), waitid() */
            const char *how = strstr(call, " [exit "), *killed = strstr(call, " [signal ");

            if (how != NULL && sscanf(how, " [exit %d]", &v) == 1) {
                if (!seen)
                    first = v;
                seen = 1;
            } else if (killed != NULL && sscanf(killed, " [signal %d]", &v) == 1) {
                seen = 1; /* the first one reaped was killed: no exit status */
                if (sig == 0)
                    sig = v;
            }
        }
        line = end != NULL ? end + 1 : NULL;
    }
    if (first_status != NULL)
        *first_status = first;
    return sig;
}

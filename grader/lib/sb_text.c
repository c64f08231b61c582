/*
 * sb_text.c - a run's result in words, for feedback: how it ended, and the
 * IPC calls its processes made (from the preload's trace).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../po/i18n.h"
#include "sandbox.h"
#include "sb_internal.h"

const char *sb_describe(const struct sb_result *res, char *buf, size_t size)
{
    char err[200];
    size_t i, n;

    if (res->ended_early)
        snprintf(buf, size, _("made no progress, and the grader ended it (%s)"), res->diagnosis);
    else if (res->timed_out)
        snprintf(buf, size, _("did not finish in time (%s)"), res->diagnosis);
    else if (res->memory_limit)
        snprintf(buf, size,
                 _("was killed for using more than %ld MiB of memory (segments and files in "
                   "memory count too)"),
                 res->memory_limit);
    else if (res->not_loaded)
        snprintf(buf, size,
                 _("could not even be loaded (signal %d): its size (a very large global array?) "
                   "is over the address-space limit of %ld MiB"),
                 res->signal, MEMORY_CAP >> 20);
    else if (res->signaled)
        snprintf(buf, size, _("was killed by signal %d (%s)%s"), res->signal,
                 strsignal(res->signal),
                 res->signal == SIGSEGV ? _(": it used an invalid address") : "");
    else if (res->exited)
        snprintf(buf, size, _("exited with status %d"), res->exit_status);
    else if (res->stopped)
        snprintf(buf, size, "%s",
                 _("was still running when the test was done: the grader stopped it"));
    else
        snprintf(buf, size, _("could not be run (%s)"), res->diagnosis);
    /* Quote the start of stderr on one line. */
    for (i = 0, n = 0; res->err != NULL && res->err[i] != '\0' && n + 4 < sizeof err; i++)
        err[n++] = (res->err[i] == '\n') ? ' ' : res->err[i];
    err[n] = '\0';
    while (n > 0 && err[n - 1] == ' ')
        err[--n] = '\0';
    n = strlen(buf);
    if (res->out_truncated && n < size)
        snprintf(buf + n, size - n, _(" (its output was cut: more than %ld MiB)"),
                 OUTPUT_CAP >> 20);
    n = strlen(buf);
    if (err[0] != '\0' && n < size)
        snprintf(buf + n, size - n, _("; its stderr says: \"%s%s\""), err,
                 res->err[i] != '\0' ? "..." : "");
    return buf;
}

/* One trace line: "<pid> <seconds> <call...>"; returns the call, or NULL. */
static const char *parse_line(const char *line, long *pid)
{
    char *rest;

    *pid = strtol(line, &rest, 10);
    if (rest == line)
        return NULL;
    (void)strtod(rest, &rest); /* the time stamp (CLOCK_MONOTONIC) */
    return rest;
}

const char *sb_calls(const struct sb_result *res, char *buf, size_t size)
{
    long parent = -1;
    int shown = 0;
    const char *line = res->trace;
    size_t len = 0;
    /* Who made each call, when the program forked; a lone process needs no name. */
    int forked = res->trace != NULL && strstr(res->trace, " fork() = ") != NULL;

    buf[0] = '\0';
    while (line != NULL && *line != '\0' && len + 40 < size) {
        const char *end = strchr(line, '\n'), *call;
        long pid, child;
        int n;
        const char *who = _("child");

        call = parse_line(line, &pid);
        line = end != NULL ? end + 1 : NULL;
        if (call == NULL)
            continue;
        n = end != NULL ? (int)(end - call) : (int)strlen(call);
        if (strncmp(call, " start", 6) == 0) { /* the preload's first line: the program's pid */
            if (parent == -1)
                parent = pid;
            continue;
        }
        if (parent == -1)
            parent = pid;
        if (!forked)
            who = "";
        else if (pid == parent)
            who = _("parent");
        while (n > 0 && call[n - 1] == ' ')
            n--;
        if (++shown > 14) {
            snprintf(buf + len, size - len, "; ...");
            break;
        }
        /* "fork() = 1234" reads better as "fork() = child". */
        if (sscanf(call, " fork() = %ld", &child) == 1 && child > 0)
            len += (size_t)snprintf(buf + len, size - len, _("%s%s fork() = a child"),
                                    len ? "; " : "", who);
        else if (who[0] == '\0' && call[0] == ' ') /* no name, so no space before the call */
            len +=
                (size_t)snprintf(buf + len, size - len, "%s%.*s", len ? "; " : "", n - 1, call + 1);
        else
            len +=
                (size_t)snprintf(buf + len, size - len, "%s%s%.*s", len ? "; " : "", who, n, call);
        if (len >= size)
            break;
    }
    if (buf[0] == '\0')
        snprintf(buf, size, "%s", _("no IPC call at all"));
    return buf;
}

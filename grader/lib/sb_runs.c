/*
 * sb_runs.c - each run's file in SHMLAB_TRACE_DIR (sandbox.h), read by the
 * feedback page: what ran, how it ended, and its trace.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../po/i18n.h"
#include "child.h"
#include "ipcstate.h"
#include "mode.h"
#include "protocol.h"
#include "sandbox.h"
#include "sb_internal.h"
#include "userns.h"
#include "view.h"

char *run_words(const struct sb_spec *spec)
{
    size_t size = strlen(spec->program) + 1, i;
    char *s, *c;

    for (i = 0; spec->args != NULL && spec->args[i] != NULL; i++)
        size += strlen(spec->args[i]) + 1;
    s = malloc(size);
    if (s == NULL)
        return NULL;
    strcpy(s, spec->program);
    for (i = 0; spec->args != NULL && spec->args[i] != NULL; i++)
        strcat(strcat(s, " "), spec->args[i]);
    for (c = s; *c != '\0'; c++)
        if (*c == '\n')
            *c = ' ';
    return s;
}

/*
 * The run's file in SHMLAB_TRACE_DIR (sandbox.h): what ran, how it ended,
 * and the whole trace, for the feedback page's timeline. Best effort: the
 * page simply has no timeline for a run whose file could not be written.
 */
void save_run(const struct sb_proc *p, const struct sb_result *res)
{
    const char *id = getenv(ENV_TEST_ID);
    char name[128], path[PATH_MAX + 16], words[1024], buf[8192], *c;
    long copied = 0;
    ssize_t n;
    FILE *f;
    int fd, in;

    if (sb.trace_dir == -1)
        return;
    snprintf(name, sizeof name, "%s.%d", id != NULL ? id : "test", sb.runs_n);
    fd = openat(sb.trace_dir, name, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd == -1 || (f = fdopen(fd, "w")) == NULL) {
        if (fd != -1)
            close(fd);
        return;
    }
    sb_describe(res, words, sizeof words);
    for (c = words; *c != '\0'; c++)
        if (*c == '\n')
            *c = ' ';
    fprintf(f, "test %s\nprogram %s\nstart %.6f\nseconds %.6f\n", id != NULL ? id : "",
            p->what != NULL ? p->what : "", p->start, res->seconds);
    if (res->ended_early)
        fprintf(f, "end ended_early\n");
    else if (res->timed_out)
        fprintf(f, "end timed_out\n");
    else if (res->stopped)
        fprintf(f, "end stopped\n");
    else if (res->signaled)
        fprintf(f, "end signaled %d\n", res->signal);
    else if (res->exited)
        fprintf(f, "end exited %d\n", res->exit_status);
    else
        fprintf(f, "end unknown\n");
    fprintf(f, "diagnosis %s\ndescribe %s\n--\n", res->diagnosis, words);
    fflush(f);
    snprintf(path, sizeof path, "%s/trace", p->dir);
    in = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    while (in != -1 && copied < TRACE_FILE_CAP && (n = read(in, buf, sizeof buf)) > 0 &&
           fwrite(buf, 1, (size_t)n, f) == (size_t)n)
        copied += n;
    if (in != -1)
        close(in);
    fclose(f);
}

/* Leave out the timeline's '~' lines: the suites read the trace as it always was. */
void strip_timeline_lines(char *trace)
{
    char *from = trace, *to = trace;

    while (*from != '\0') {
        size_t n = strcspn(from, "\n") + (from[strcspn(from, "\n")] == '\n');
        const char *call = strchr(from, ' ');

        call = call != NULL && call < from + n ? strchr(call + 1, ' ') : NULL;
        if (call == NULL || call >= from + n || call[1] != '~') {
            memmove(to, from, n);
            to += n;
        }
        from += n;
    }
    *to = '\0';
}

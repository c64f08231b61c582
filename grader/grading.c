/*
 * grading.c - grade a submission's labs: for each lab, its programs are
 * compiled with the kit's rules (build.c, never the submission's own
 * Makefile), then its suite runs them in the sandbox and writes its
 * results to a file only the suite can write. Labs are graded side by
 * side, the longest first, each in a process of its own that hands back
 * its build's outcome in a file of the scratch folder.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "build.h"
#include "grading.h"
#include "lib/child.h"
#include "lib/protocol.h"
#include "lib/sandbox.h"

#define SUITE_TIMEOUT 900   /* seconds for one lab's suite: a backstop, tests have their own */
#define LOG_CAP       16384 /* bytes of compiler messages kept */

static struct grading cfg; /* this grading's settings (grade_labs) */

/* Read at most cap bytes of a file into a new string ("" if absent). */
char *read_file(const char *path, size_t cap)
{
    char *buf = calloc(1, cap + 1);
    FILE *f = fopen(path, "r");
    size_t n;

    if (buf == NULL || f == NULL)
        return buf;
    n = fread(buf, 1, cap, f);
    buf[n] = '\0';
    if (fgetc(f) != EOF && n > 4)
        strcpy(buf + n - 4, "...\n");
    fclose(f);
    return buf;
}

/*
 * Run argv with extra environment strings and a time limit; its standard
 * output goes to a scratch file read into *out (stderr stays the grader's).
 * The limit holds even for a child that never closes its output. Returns
 * the wait status, or -1 if it could not run.
 */
static int run_command(char *const argv[], char *const env[], char **out, int seconds)
{
    static int runs;
    char path[PATH_MAX + 32];
    int fd, status = -1;
    pid_t pid;

    snprintf(path, sizeof path, "%s/command-%d-%d.out", cfg.work, (int)getpid(), ++runs);
    fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd == -1)
        return -1;
    pid = fork();
    if (pid == -1) {
        close(fd);
        return -1;
    }
    if (pid == 0) {
        setpgid(0, 0);
        if (dup2(fd, STDOUT_FILENO) == -1)
            _exit(126);
        for (int i = 0; env != NULL && env[i] != NULL; i++)
            putenv(env[i]);
        execvp(argv[0], argv);
        fprintf(stderr, "grade: cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    close(fd);
    setpgid(pid, pid);
    if (child_wait(pid, child_now() + seconds, &status, NULL, NULL) == 1)
        fprintf(stderr, "grade: %s took more than %d s, stopped\n", argv[0], seconds);
    *out = read_file(path, 1 << 20);
    unlink(path);
    return status;
}

/* Read the results file of a suite into lab->results. Returns 0, or -1. */
static int read_results(const char *path, struct lab_report *lab)
{
    FILE *f = fopen(path, "r");
    struct result r;
    int got;

    if (f == NULL)
        return -1;
    while ((got = result_read(f, &r)) == 1) {
        lab->results = realloc(lab->results, (size_t)(lab->n + 1) * sizeof r);
        if (lab->results == NULL)
            break;
        if (r.status != STATUS_PASSED)
            r.points = 0;
        lab->results[lab->n++] = r;
    }
    fclose(f);
    return got == 0 && lab->n > 0 ? 0 : -1;
}

/* Why a build failed, when a wall stopped it, for the feedback. */
static const char *wall_message(enum build_wall wall)
{
    switch (wall) {
    case WALL_TIME:
        return _("The build was stopped: it took more than 30 seconds (the limit). A program of "
                 "a lab compiles in about a second; an #include of a device or of a file that "
                 "never ends (/dev/zero, /dev/stdin), or macros that expand without end, make "
                 "the compiler run for ever.\n");
    case WALL_MEMORY:
        return _("The build was stopped: the compiler used more than 1 GiB of memory (the "
                 "limit). Usually an #include of a device or of a file that never ends "
                 "(/dev/zero), or macros that expand without end.\n");
    case WALL_OUTPUT:
        return _("The build was stopped: the compiler wrote more than 64 MiB (the limit).\n");
    case WALL_NONE:
        break;
    }
    return "";
}

/* The build's log, with the wall that stopped it and the files left out first. */
static char *build_feedback(const struct build *b, const char *log_path, int status)
{
    char *log = text_clean(read_file(log_path, LOG_CAP));
    const char *wall = wall_message(b->wall);
    size_t size = strlen(wall) + strlen(b->notes) + (log ? strlen(log) : 0) + 512;
    char *text = malloc(size);

    if (text == NULL)
        return log;
    snprintf(text, size, "%s%s%s", wall, b->notes, log != NULL ? log : "");
    if (text[0] != '\0' && size > strlen(text) + 100) /* the flags a student can reproduce */
        snprintf(text + strlen(text), size - strlen(text),
                 _("(compiled with cc -std=c11 -D_XOPEN_SOURCE=700 -Wall -Wextra -pedantic %s)\n"),
                 b->cflags);
    if (status != 0 && text[0] == '\0')
        snprintf(text, size, _("The build failed (status %d) and the compiler said nothing.\n"),
                 WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
    free(log);
    return text_clean(text);
}

/* Compile one lab of the submission in dir and run its suite. Returns 0, or -1. */
static int grade_lab(const char *dir, const char *name, struct lab_report *lab)
{
    char suite[PATH_MAX], src[PATH_MAX], out[PATH_MAX], log[PATH_MAX], res[PATH_MAX];
    char bin_env[PATH_MAX + 32], pre_env[PATH_MAX + 32], mode_env[64];
    char asan_env[PATH_MAX + 32] = ENV_SANITIZE "=0", trace_env[PATH_MAX + 32];
    char *programs = NULL, *nl;
    struct stat st;
    int status, is_link;

    lab->name = strdup(name);
    snprintf(suite, sizeof suite, "%s/build/grader/suites/%s", cfg.top, name);
    snprintf(src, sizeof src, "%s/%s", dir, name);
    snprintf(out, sizeof out, "%s/%s", cfg.work, name);
    snprintf(log, sizeof log, "%s/%s/build.log", cfg.work, name);
    snprintf(res, sizeof res, "%s/%s.results", cfg.work, name);
    is_link = lstat(src, &st) == 0 && S_ISLNK(st.st_mode);
    lab->found = is_link || (stat(src, &st) == 0 && S_ISDIR(st.st_mode));

    /* The programs to build come from the suite, never from the submission. */
    char *list_argv[] = {suite, "--programs", NULL};
    status = run_command(list_argv, NULL, &programs, 30);
    if (status != 0 || programs == NULL) {
        fprintf(stderr, "grade: %s --programs failed\n", suite);
        return -1;
    }
    if ((nl = strchr(programs, '\n')) != NULL)
        *nl = '\0';

    if (is_link) {
        /* A link could lead anywhere on the machine: the grader follows none. */
        lab->build_log = strdup(_("The lab's folder is a symbolic link: the grader does not "
                                  "follow links. Hand in the folder itself.\n"));
    } else if (lab->found) {
        struct build b = {0};

        b.top = cfg.top;
        b.src = src;
        b.out = out;
        b.programs = programs;
        b.cflags = cfg.cflags;
        b.mode = cfg.mode;
        status = build_lab(&b);
        lab->built = status == 0;
        if (status == -1)
            lab->build_log = strdup(_("the lab's files could not be prepared for compiling (a "
                                      "source file that is a link, too large, or too many "
                                      "files?)"));
        else
            lab->build_log = build_feedback(&b, log, status);
    } else {
        lab->build_log = strdup("");
    }
    free(programs);

    if (lab->built) {
        snprintf(bin_env, sizeof bin_env, ENV_BIN_DIR "=%s/bin", out);
        snprintf(pre_env, sizeof pre_env, ENV_PRELOAD "=%s/build/grader/preload.so", cfg.top);
        snprintf(mode_env, sizeof mode_env, ENV_SANDBOX "=%s", mode_name(cfg.mode));
        char *asan = NULL;

        if (cfg.sanitize) {
            /* An ASan program needs libasan first in LD_PRELOAD, before the tracer. */
            char *cc_argv[] = {"cc", "-print-file-name=libasan.so", NULL};

            if (run_command(cc_argv, NULL, &asan, 30) == 0 && asan != NULL) {
                asan[strcspn(asan, "\n")] = '\0';
                snprintf(asan_env, sizeof asan_env, ENV_SANITIZE "=%s", asan);
            }
            free(asan);
        }
        /* Each run's trace and fate, for the feedback page (report_html.c). */
        snprintf(trace_env, sizeof trace_env, ENV_TRACE_DIR "=%s/%s.traces", cfg.work, name);
        if (mkdir(trace_env + strlen(ENV_TRACE_DIR "="), 0700) == -1)
            trace_env[0] = '\0';
        char *env[] = {bin_env, pre_env, mode_env, asan_env, trace_env[0] ? trace_env : NULL, NULL};
        char *run_argv[] = {suite, "--results", res, cfg.fail_fast ? "--fail-fast" : NULL, NULL};
        status = run_command(run_argv, env, &programs, SUITE_TIMEOUT);
        free(programs);
    } else {
        char *list_argv2[] = {suite, "--list", "--results", res, NULL};
        status = run_command(list_argv2, NULL, &programs, 30);
        free(programs);
    }
    if (status != 0 || read_results(res, lab) == -1) {
        fprintf(stderr, "grade: the suite of %s failed (status %d)\n", name, status);
        return -1;
    }
    return 0;
}

/* What a lab's grading process hands back: found, built, the build's feedback. */
static int write_outcome(const char *path, const struct lab_report *lab)
{
    FILE *f = fopen(path, "w");
    int ok;

    if (f == NULL)
        return -1;
    ok = fprintf(f, "%d %d\n%s", lab->found, lab->built, lab->build_log) >= 0;
    return fclose(f) == 0 && ok ? 0 : -1;
}

static int read_outcome(const char *path, struct lab_report *lab)
{
    FILE *f = fopen(path, "r");
    size_t n;

    if (f == NULL || fscanf(f, "%d %d", &lab->found, &lab->built) != 2 || fgetc(f) != '\n') {
        if (f != NULL)
            fclose(f);
        return -1;
    }
    lab->build_log = calloc(1, LOG_CAP + 4096);
    n = lab->build_log != NULL ? fread(lab->build_log, 1, LOG_CAP + 4095, f) : 0;
    if (lab->build_log != NULL)
        lab->build_log[n] = '\0';
    fclose(f);
    return lab->build_log != NULL ? 0 : -1;
}

/* How long the lab's suite says its grading takes (lab.seconds in suite.h); 0 if unknown. */
static double lab_seconds(const char *name)
{
    char suite[PATH_MAX], *out = NULL;
    char *argv[] = {suite, "--seconds", NULL};
    double seconds = 0;

    snprintf(suite, sizeof suite, "%s/build/grader/suites/%s", cfg.top, name);
    if (run_command(argv, NULL, &out, 30) == 0 && out != NULL)
        seconds = strtod(out, NULL);
    free(out);
    return seconds > 0 ? seconds : 0;
}

/*
 * The order to start the labs in: the longest first, so that with fewer
 * jobs than labs the short ones fill the gaps instead of the longest
 * starting last (lab order among equals). order[] gets n indexes of names.
 */
static void start_order(char *const names[], int n, int *order)
{
    double *seconds = malloc((size_t)n * sizeof *seconds);
    int i, j;

    for (i = 0; i < n; i++) {
        order[i] = i;
        if (seconds != NULL)
            seconds[i] = lab_seconds(names[i]);
    }
    for (i = 1; seconds != NULL && i < n; i++) /* insertion sort: stable, n is 7 */
        for (j = i; j > 0 && seconds[order[j]] > seconds[order[j - 1]]; j--) {
            int t = order[j];

            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    free(seconds);
}

/*
 * Grade the labs names[0..n-1] of dir, at most jobs at a time, each in a
 * process of its own (a lab's build and suite), into labs[] in the order of
 * names, whatever order they end in. Returns 0, or -1 if any lab's grading
 * failed.
 */
int grade_labs(const struct grading *g, const char *dir, char *const names[], int n, int jobs,
               struct lab_report *labs)
{
    int *order = calloc((size_t)n + 1, sizeof *order);
    pid_t *pids = calloc((size_t)n + 1, sizeof *pids), pid;
    int started = 0, running = 0, failed = 0, i, status;
    char path[PATH_MAX + 32];

    cfg = *g;
    if (order == NULL || pids == NULL) {
        free(order);
        free(pids);
        return -1;
    }
    if (jobs > 1)
        start_order(names, n, order);
    else
        for (i = 0; i < n; i++)
            order[i] = i;
    fflush(NULL);
    while (started < n || running > 0) {
        if (started < n && running < jobs) {
            const char *name = names[order[started]];

            pid = fork();
            if (pid == -1) {
                failed = 1;
                break;
            }
            if (pid == 0) {
                struct lab_report lab = {0};
                int r = grade_lab(dir, name, &lab);

                snprintf(path, sizeof path, "%s/%s.outcome", cfg.work, name);
                _exit(r == 0 && write_outcome(path, &lab) == 0 ? 0 : 1);
            }
            pids[started++] = pid;
            running++;
            continue;
        }
        if ((pid = wait(&status)) == -1)
            break;
        /* Only a lab's process counts: the runner may have inherited other
         * children (a shell's process substitution, say, exec'd into it). */
        for (i = 0; i < started && pids[i] != pid; i++)
            ;
        if (i == started)
            continue;
        running--;
        failed |= !WIFEXITED(status) || WEXITSTATUS(status) != 0;
    }
    for (i = 0; i < n && !failed; i++) {
        labs[i].name = strdup(names[i]);
        snprintf(path, sizeof path, "%s/%s.outcome", cfg.work, names[i]);
        failed |= read_outcome(path, &labs[i]) == -1;
        snprintf(path, sizeof path, "%s/%s.results", cfg.work, names[i]);
        failed |= read_results(path, &labs[i]) == -1;
    }
    free(order);
    free(pids);
    return failed ? -1 : 0;
}

/*
 * runner.c - the runner: compile a submission's labs, run each lab's suite,
 * write one report.
 *
 * Usage: grade [--lab ID] [--format text|json|tap|junit|html|md] [--output FILE] [--sanitize]
 *              [-j N] [--fail-fast] [--teacher] [DIR]
 *        grade --from-json FILE [--format F] [--output FILE] [--teacher] [--student NAME]
 *              [--not-graded WHY] [--notes FILE] [--grader-version V]
 *
 * DIR (default "labs") holds one folder per lab, named like the kit's labs
 * ("01-fork-parent-child"). Each lab that has a suite and a folder in DIR is
 * graded: its programs are compiled with the kit's rules (mk/lab.mk, never the
 * submission's own Makefile), then its suite runs them in the sandbox and
 * writes the results to a file that only the suite can write. Exit status: 0
 * when grading ran, whatever the score; 2 for a usage error; 3 when the
 * grader itself failed.
 *
 * With --from-json, nothing is graded: the report of a grading kept as JSON
 * (--format json --teacher, say) is written again in another format, with
 * every lab of the kit (those not in the JSON "not handed in"). grade-class
 * writes its Markdown feedback so, with the class's words (the student's
 * name, why a submission was not graded, notes on its files, the version).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "build.h"
#include "lib/child.h"
#include "lib/protocol.h"
#include "lib/sandbox.h"
#include "report/report.h"

#define SUITE_TIMEOUT 900   /* seconds for one lab's suite: a backstop, tests have their own */
#define LOG_CAP       16384 /* bytes of compiler messages kept */

static const char *top;     /* the kit's root folder */
static char work[PATH_MAX]; /* this run's scratch folder */
static enum mode mode;      /* the sandbox, decided once for every build and test */
static int sanitize;        /* --sanitize: AddressSanitizer and UBSan builds */
static int fail_fast;       /* --fail-fast: stop each lab at its first failing test */

/* Built as in real use: a missing synchronisation shows as it would (issue: a
 * flag polled without an atomic spins for ever at -O2, works at -O0). */
#define CFLAGS "-O2 -g"

#ifndef SHMLAB_VERSION
#define SHMLAB_VERSION "(version unknown)"
#endif

/* With --sanitize: catch memory errors and undefined behaviour, and stop at the first. */
#define SANITIZE_CFLAGS                                                                            \
    "-g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"

static void usage(FILE *f)
{
    fprintf(f, "%s",
            _("usage: grade [--lab ID] [--format text|json|tap|junit|html|md] [--output FILE] "
              "[--sanitize] [-j N] [--fail-fast] [DIR]\n"
              "  DIR      the folder of lab folders to grade (default: labs)\n"
              "  --lab    grade one lab only: NN or NN-slug\n"
              "  --format text (default), json (Gradescope), tap, junit, html (the page), "
              "md (Markdown)\n"
              "  --output write the report to FILE instead of standard output\n"
              "  --sanitize  build with AddressSanitizer and UBSan: a memory error fails the "
              "test\n"
              "  -j N     grade N labs at once (default: the number of processors)\n"
              "  --fail-fast stop each lab at its first failing test (the rest are not run)\n"
              "  --teacher  show hidden tests' details too (never give this report to students)\n"
              "  --version  the kit's version\n"
              "  --from-json FILE  grade nothing: write the report of FILE, a JSON report\n"
              "  --student NAME, --not-graded WHY, --notes FILE, --grader-version V\n"
              "             the class's words in the Markdown feedback (class/grade-class)\n"
              "The feedback follows the language of LC_ALL, LC_MESSAGES or LANG (French or "
              "English).\n"
              "A text grading also writes a page with a timeline of each run: "
              "build/feedback/index.html, or $SHMLAB_FEEDBACK.\n"));
}

/* The kit's root: $SHMLAB_TOP, else two folders above this binary (build/grader/). */
static const char *find_top(void)
{
    static char path[PATH_MAX];
    const char *env = getenv("SHMLAB_TOP");
    ssize_t n;

    if (env != NULL && realpath(env, path) != NULL)
        return path;
    n = readlink("/proc/self/exe", path, sizeof path - 1);
    if (n <= 0)
        return NULL;
    path[n] = '\0';
    for (int i = 0; i < 3; i++)
        *strrchr(path, '/') = '\0';
    return path;
}

/* Read at most cap bytes of a file into a new string ("" if absent). */
static char *read_file(const char *path, size_t cap)
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

    snprintf(path, sizeof path, "%s/command-%d-%d.out", work, (int)getpid(), ++runs);
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

/* Does the lab folder name match --lab ID ("01" or "01-fork-parent-child")? */
static int lab_matches(const char *name, const char *id)
{
    if (id == NULL)
        return 1;
    return strcmp(name, id) == 0 || (strlen(id) == 2 && strncmp(name, id, 2) == 0);
}

static int is_lab_name(const struct dirent *e)
{
    return e->d_name[0] >= '0' && e->d_name[0] <= '9' && e->d_name[1] >= '0' &&
           e->d_name[1] <= '9' && e->d_name[2] == '-';
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
    snprintf(suite, sizeof suite, "%s/build/grader/suites/%s", top, name);
    snprintf(src, sizeof src, "%s/%s", dir, name);
    snprintf(out, sizeof out, "%s/%s", work, name);
    snprintf(log, sizeof log, "%s/%s/build.log", work, name);
    snprintf(res, sizeof res, "%s/%s.results", work, name);
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

        b.top = top;
        b.src = src;
        b.out = out;
        b.programs = programs;
        b.cflags = sanitize ? SANITIZE_CFLAGS : CFLAGS;
        b.mode = mode;
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
        snprintf(pre_env, sizeof pre_env, ENV_PRELOAD "=%s/build/grader/preload.so", top);
        snprintf(mode_env, sizeof mode_env, ENV_SANDBOX "=%s", mode_name(mode));
        char *asan = NULL;

        if (sanitize) {
            /* An ASan program needs libasan first in LD_PRELOAD, before the tracer. */
            char *cc_argv[] = {"cc", "-print-file-name=libasan.so", NULL};

            if (run_command(cc_argv, NULL, &asan, 30) == 0 && asan != NULL) {
                asan[strcspn(asan, "\n")] = '\0';
                snprintf(asan_env, sizeof asan_env, ENV_SANITIZE "=%s", asan);
            }
            free(asan);
        }
        /* Each run's trace and fate, for the feedback page (report_html.c). */
        snprintf(trace_env, sizeof trace_env, ENV_TRACE_DIR "=%s/%s.traces", work, name);
        if (mkdir(trace_env + strlen(ENV_TRACE_DIR "="), 0700) == -1)
            trace_env[0] = '\0';
        char *env[] = {bin_env, pre_env, mode_env, asan_env, trace_env[0] ? trace_env : NULL, NULL};
        char *run_argv[] = {suite, "--results", res, fail_fast ? "--fail-fast" : NULL, NULL};
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

    snprintf(suite, sizeof suite, "%s/build/grader/suites/%s", top, name);
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
static int grade_labs(const char *dir, char *const names[], int n, int jobs,
                      struct lab_report *labs)
{
    int *order = calloc((size_t)n + 1, sizeof *order);
    pid_t *pids = calloc((size_t)n + 1, sizeof *pids), pid;
    int started = 0, running = 0, failed = 0, i, status;
    char path[PATH_MAX + 32];

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

                snprintf(path, sizeof path, "%s/%s.outcome", work, name);
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
        snprintf(path, sizeof path, "%s/%s.outcome", work, names[i]);
        failed |= read_outcome(path, &labs[i]) == -1;
        snprintf(path, sizeof path, "%s/%s.results", work, names[i]);
        failed |= read_results(path, &labs[i]) == -1;
    }
    free(order);
    free(pids);
    return failed ? -1 : 0;
}

/*
 * The feedback page (report_html.c), written to path (NULL: standard output)
 * while the runs' files are still in the scratch folder. A file is written
 * aside, then renamed: a reader never sees half a page.
 */
#define ENV_FEEDBACK "SHMLAB_FEEDBACK" /* where to write it, instead of build/feedback */

static int write_page(const char *path, const struct report *rep)
{
    char tmp[PATH_MAX + 32];
    FILE *f = stdout;
    int ok;

    snprintf(tmp, sizeof tmp, "%s.%d.tmp", path != NULL ? path : "", (int)getpid());
    if (path != NULL && (f = fopen(tmp, "w")) == NULL) {
        fprintf(stderr, "grade: %s: %s\n", tmp, strerror(errno)); /* the page is optional */
        return -1;
    }
    ok = report_html(f, rep, work) == 0 && fflush(f) == 0;
    if (path == NULL)
        return ok ? 0 : -1;
    ok &= fclose(f) == 0 && rename(tmp, path) == 0;
    if (!ok)
        unlink(tmp);
    return ok ? 0 : -1;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* Colour only on a terminal that shows it, and not when NO_COLOR is set (no-color.org). */
static int use_colour(FILE *f)
{
    const char *no = getenv("NO_COLOR"), *term = getenv("TERM");

    return isatty(fileno(f)) && (no == NULL || no[0] == '\0') &&
           (term == NULL || strcmp(term, "dumb") != 0);
}

int main(int argc, char **argv)
{
    static const struct option options[] = {
        {"lab", required_argument, NULL, 'l'},
        {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {"sanitize", no_argument, NULL, 's'},
        {"jobs", required_argument, NULL, 'j'},
        {"teacher", no_argument, NULL, 't'},
        {"version", no_argument, NULL, 'V'},
        {"fail-fast", no_argument, NULL, 'F'},
        {"from-json", required_argument, NULL, 'J'},
        {"student", required_argument, NULL, 'S'},
        {"not-graded", required_argument, NULL, 'N'},
        {"notes", required_argument, NULL, 'n'},
        {"grader-version", required_argument, NULL, 'v'},
        {NULL, 0, NULL, 0},
    };
    static const char *const formats[] = {"text", "json", "tap", "junit", "html", "md"};
    const char *lab_id = NULL, *format = "text", *output = NULL, *from_json = NULL;
    const char *prog = getenv("SHMLAB_PROGNAME"); /* as the user typed it (grader/grade) */
    char dir[PATH_MAX], suites[PATH_MAX], page[PATH_MAX] = ""; /* page: the feedback page */
    struct dirent **names;
    struct report rep = {0};
    FILE *f = stdout;
    int c, i, n, failed = 0, written, known = 0;
    long jobs = sysconf(_SC_NPROCESSORS_ONLN);
    double start = child_now();

    if (prog == NULL || prog[0] == '\0')
        prog = strrchr(argv[0], '/') != NULL ? strrchr(argv[0], '/') + 1 : argv[0];
    i18n_init();
    while ((c = getopt_long(argc, argv, "l:f:o:hj:", options, NULL)) != -1) {
        switch (c) {
        case 'l':
            lab_id = optarg;
            break;
        case 'f':
            format = optarg;
            break;
        case 'o':
            output = optarg;
            break;
        case 's':
            sanitize = 1;
            break;
        case 't':
            rep.teacher = 1;
            break;
        case 'F':
            fail_fast = 1;
            break;
        case 'J':
            from_json = optarg;
            break;
        case 'S':
            rep.student = optarg;
            break;
        case 'N':
            rep.not_graded = optarg;
            break;
        case 'n':
            rep.notes = read_file(optarg, 65536);
            break;
        case 'v':
            rep.version = optarg;
            break;
        case 'j':
            jobs = strtol(optarg, NULL, 10);
            if (jobs < 1) {
                fprintf(stderr, _("%s: -j needs a number of labs at once, 1 or more\n"), prog);
                return 2;
            }
            break;
        case 'V':
            printf("%s (shmlab) %s\n", prog, SHMLAB_VERSION);
            return 0;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (rep.version == NULL)
        rep.version = SHMLAB_VERSION;
    for (i = 0; i < (int)(sizeof formats / sizeof formats[0]); i++)
        known |= strcmp(format, formats[i]) == 0;
    if (!known) {
        fprintf(stderr,
                _("%s: unknown format \"%s\" (--format text, json, tap, junit, html or md)\n"),
                prog, format);
        return 2;
    }
    if (argc - optind > 1) {
        usage(stderr);
        return 2;
    }
    if (from_json != NULL && optind < argc) {
        usage(stderr);
        return 2;
    }
    if (from_json == NULL && realpath(optind < argc ? argv[optind] : "labs", dir) == NULL) {
        fprintf(stderr, "%s: %s: %s\n", prog, optind < argc ? argv[optind] : "labs",
                strerror(errno));
        return 2;
    }
    /* Before grading, not after: a wrong path must not waste the whole run. */
    if (output != NULL && (f = fopen(output, "w")) == NULL) {
        fprintf(stderr, "%s: %s: %s\n", prog, output, strerror(errno));
        return 2;
    }
    top = find_top();
    if (top == NULL) {
        fprintf(stderr, _("%s: cannot find the kit's folder (set SHMLAB_TOP)\n"), prog);
        return 3;
    }
    snprintf(suites, sizeof suites, "%s/build/grader/suites", top);
    n = scandir(suites, &names, is_lab_name, alphasort);
    if (n <= 0) {
        fprintf(stderr, _("%s: no lab suite in %s (run make first)\n"), prog, suites);
        return 3;
    }
    /* Scratch space outside the kit and the submissions, which are hidden. */
    snprintf(work, sizeof work, "%s/shmlab-grade-XXXXXX",
             getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
    if (mkdtemp(work) == NULL || chmod(work, 0755) == -1) {
        fprintf(stderr, "%s: mkdtemp %s: %s\n", prog, work, strerror(errno));
        return 3;
    }
    rep.labs = calloc((size_t)n, sizeof *rep.labs);
    if (from_json != NULL) /* every lab, as not found: the JSON says which were graded */
        snprintf(dir, sizeof dir, "%s/no-submission", work);
    else {
        char why[256];

        /* One decision for every build and test of this grading (mode.h). */
        mode = mode_decide(why, sizeof why);
        /* Without namespaces an ordinary user's programs all run as that
         * user: two labs graded at once could not be told apart. */
        if (mode == MODE_FALLBACK && geteuid() != 0)
            jobs = 1;
        if (why[0] != '\0')
            fprintf(stderr,
                    _("%s: namespaces are not available (%s): grading in the fallback "
                      "sandbox\n"),
                    prog, why);
        rep.mode = mode_text(mode);
    }
    {
        char **chosen = calloc((size_t)n, sizeof *chosen);
        int count = 0;

        for (i = 0; i < n && chosen != NULL; i++) {
            struct stat st;
            char src[PATH_MAX];

            /* Without --lab, grade the labs the submission has. */
            snprintf(src, sizeof src, "%s/%s", dir, names[i]->d_name);
            if (lab_matches(names[i]->d_name, lab_id) &&
                (lab_id != NULL || from_json != NULL || lstat(src, &st) == 0))
                chosen[count++] = names[i]->d_name;
        }
        if (chosen == NULL || rep.labs == NULL ||
            grade_labs(dir, chosen, count, (int)(jobs > 0 ? jobs : 1), rep.labs) == -1)
            failed = 1;
        else
            rep.n = count;
        free(chosen);
        for (i = 0; i < n; i++)
            free(names[i]);
        free(names);
    }
    if (!failed && from_json != NULL && report_json_read(from_json, &rep) == -1)
        failed = 1;
    /* The page of every text grading: SHMLAB_FEEDBACK, or build/feedback/index.html;
     * in the other formats, only where SHMLAB_FEEDBACK asks (grade-class, say). */
    if (!failed && rep.n > 0 && strcmp(format, "html") != 0 && from_json == NULL &&
        (strcmp(format, "text") == 0 || getenv(ENV_FEEDBACK) != NULL)) {
        snprintf(page, sizeof page, "%s/build/feedback", top);
        if (getenv(ENV_FEEDBACK) != NULL)
            snprintf(page, sizeof page, "%s", getenv(ENV_FEEDBACK));
        else if (mkdir(page, 0755) == 0 || errno == EEXIST)
            strcat(page, "/index.html");
        else
            page[0] = '\0';
        if (page[0] != '\0' && write_page(page, &rep) == -1)
            page[0] = '\0';
    }
    if (!failed && rep.n > 0 && strcmp(format, "html") == 0)
        written = write_page(output, &rep);
    rep.seconds = child_now() - start;
    rep.traces = from_json == NULL ? work : NULL; /* the runs' files, for the reports' words */
    if (failed || strcmp(format, "html") == 0 || rep.n == 0)
        nftw(work, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    if (failed)
        return 3;
    if (strcmp(format, "html") == 0)
        return written == -1 ? 3 : 0;
    if (rep.n == 0) {
        if (lab_id != NULL)
            fprintf(stderr, _("%s: no lab %s in %s\n"), prog, lab_id, dir);
        else
            fprintf(stderr, _("%s: no lab folder in %s\n"), prog, dir);
        return 2;
    }
    if (strcmp(format, "json") == 0)
        written = report_json(f, &rep);
    else if (strcmp(format, "tap") == 0)
        written = report_tap(f, &rep);
    else if (strcmp(format, "junit") == 0)
        written = report_junit(f, &rep);
    else if (strcmp(format, "md") == 0)
        written = report_markdown(f, &rep);
    else
        written = report_text(f, &rep, use_colour(f));
    nftw(work, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    if (strcmp(format, "text") == 0 && page[0] != '\0' && written == 0) {
        fprintf(f, _("feedback page, with a timeline of each run: %s"), page);
        fputc('\n', f);
    }
    if (fflush(f) == EOF || written == -1)
        return 3;
    return 0;
}

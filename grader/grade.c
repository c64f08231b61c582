/*
 * grade.c - the runner: compile a submission's labs, run each lab's suite,
 * write one report.
 *
 * Usage: grade [--lab ID] [--format text|json|tap|junit] [--output FILE] [--sanitize]
 *              [--fail-fast] [DIR]
 *
 * DIR (default "labs") holds one folder per lab, named like the kit's labs
 * ("01-fork-parent-child"). Each lab that has a suite and a folder in DIR is
 * graded: its programs are compiled with the kit's rules (mk/lab.mk, never the
 * submission's own Makefile), then its suite runs them in the sandbox and
 * writes the results to a file that only the suite can write. Exit status: 0
 * when grading ran, whatever the score; 2 for a usage error; 3 when the
 * grader itself failed.
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
#include "report.h"

#define BUILD_TIMEOUT 120   /* seconds to compile one lab */
#define SUITE_TIMEOUT 900   /* seconds for one lab's suite: a backstop, tests have their own */
#define LOG_CAP       16384 /* bytes of compiler messages kept */

static const char *top;      /* the kit's root folder */
static char work[PATH_MAX];  /* this run's scratch folder */
static int all_isolated = 1; /* every build and run used namespaces */
static int sanitize;         /* --sanitize: AddressSanitizer and UBSan builds */
static int fail_fast;        /* --fail-fast: stop each lab at its first failing test */

/* With --sanitize: catch memory errors and undefined behaviour, and stop at the first. */
#define SANITIZE_CFLAGS                                                                            \
    "-g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"

static void usage(FILE *f)
{
    fprintf(f, "%s",
            _("usage: grade [--lab ID] [--format text|json|tap|junit] [--output FILE] [--sanitize] "
              "[--fail-fast] [DIR]\n"
              "  DIR      the folder of lab folders to grade (default: labs)\n"
              "  --lab    grade one lab only: NN or NN-slug\n"
              "  --format text (default), json (Gradescope), tap, junit\n"
              "  --output write the report to FILE instead of standard output\n"
              "  --sanitize  build with AddressSanitizer and UBSan: a memory error fails the "
              "test\n"
              "  --fail-fast stop each lab at its first failing test (the rest are not run)\n"
              "The feedback follows the language of LC_ALL, LC_MESSAGES or LANG (French or "
              "English).\n"));
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

/*
 * Run argv with stdout and stderr to out_path (or a pipe read into *out when
 * out_path is NULL), extra environment strings, and a time limit. Returns the
 * wait status, or -1 if it could not run.
 */
static int run_command(char *const argv[], char *const env[], const char *out_path, char **out,
                       int seconds)
{
    int fd[2] = {-1, -1}, status = -1;
    pid_t pid;
    time_t deadline = time(NULL) + seconds;

    if (out_path == NULL && pipe2(fd, O_CLOEXEC) == -1)
        return -1;
    pid = fork();
    if (pid == -1)
        return -1;
    if (pid == 0) {
        int o = out_path ? open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644) : fd[1];

        setpgid(0, 0);
        if (o == -1 || dup2(o, STDOUT_FILENO) == -1 ||
            (out_path != NULL && dup2(o, STDERR_FILENO) == -1))
            _exit(126);
        for (int i = 0; env != NULL && env[i] != NULL; i++)
            putenv(env[i]);
        execvp(argv[0], argv);
        fprintf(stderr, "grade: cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    if (out_path == NULL) {
        size_t len = 0, cap = 4096;
        ssize_t n;

        close(fd[1]);
        *out = malloc(cap);
        while (*out != NULL && (n = read(fd[0], *out + len, cap - len - 1)) > 0) {
            len += (size_t)n;
            if (len + 1 == cap)
                *out = realloc(*out, cap *= 2);
        }
        if (*out != NULL)
            (*out)[len] = '\0';
        close(fd[0]);
    }
    for (;;) {
        pid_t w = waitpid(pid, &status, WNOHANG);
        struct timespec ts = {0, 2000000};

        if (w == pid || (w == -1 && errno != EINTR))
            break;
        if (time(NULL) > deadline) {
            fprintf(stderr, "grade: %s took more than %d s, stopped\n", argv[0], seconds);
            kill(-pid, SIGKILL);
            waitpid(pid, &status, 0);
            break;
        }
        nanosleep(&ts, NULL);
    }
    return status;
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

/* Compile one lab of the submission in dir and run its suite. Returns 0, or -1. */
static int grade_lab(const char *dir, const char *name, struct lab_report *lab)
{
    char suite[PATH_MAX], src[PATH_MAX], out[PATH_MAX], log[PATH_MAX], res[PATH_MAX];
    char bin_env[PATH_MAX + 32], pre_env[PATH_MAX + 32], hide_env[2 * PATH_MAX + 32];
    char asan_env[PATH_MAX + 32] = "SHMLAB_SANITIZE=0";
    char *programs = NULL, *nl;
    struct stat st;
    int status;

    lab->name = strdup(name);
    snprintf(suite, sizeof suite, "%s/build/grader/suites/%s", top, name);
    snprintf(src, sizeof src, "%s/%s", dir, name);
    snprintf(out, sizeof out, "%s/%s", work, name);
    snprintf(log, sizeof log, "%s/%s/build.log", work, name);
    snprintf(res, sizeof res, "%s/%s.results", work, name);
    lab->found = stat(src, &st) == 0 && S_ISDIR(st.st_mode);

    /* The programs to build come from the suite, never from the submission. */
    char *list_argv[] = {suite, "--programs", NULL};
    status = run_command(list_argv, NULL, NULL, &programs, 30);
    if (status != 0 || programs == NULL) {
        fprintf(stderr, "grade: %s --programs failed\n", suite);
        return -1;
    }
    if ((nl = strchr(programs, '\n')) != NULL)
        *nl = '\0';

    if (lab->found) {
        /* Hidden while compiling: the kit (solutions, tests) and the submissions. */
        char *hide[] = {(char *)top, (char *)dir, NULL};
        int isolated = 0;

        status = build_lab(top, src, hide, out, programs, sanitize ? SANITIZE_CFLAGS : "-g",
                           BUILD_TIMEOUT, &isolated);
        all_isolated &= isolated;
        lab->built = status == 0;
        lab->build_log = text_clean(read_file(log, LOG_CAP));
        if (status == -1) {
            free(lab->build_log);
            lab->build_log = strdup(_("the lab's files could not be prepared for compiling (a "
                                      "source file that is a link, too large, or too many "
                                      "files?)"));
        }
    } else {
        lab->build_log = strdup("");
    }
    free(programs);

    if (lab->built) {
        snprintf(bin_env, sizeof bin_env, "SHMLAB_BIN_DIR=%s/bin", out);
        snprintf(pre_env, sizeof pre_env, "SHMLAB_PRELOAD=%s/build/grader/preload.so", top);
        snprintf(hide_env, sizeof hide_env, "SHMLAB_HIDE=%s:%s", top, dir);
        char *asan = NULL;

        if (sanitize) {
            /* An ASan program needs libasan first in LD_PRELOAD, before the tracer. */
            char *cc_argv[] = {"cc", "-print-file-name=libasan.so", NULL};

            if (run_command(cc_argv, NULL, NULL, &asan, 30) == 0 && asan != NULL) {
                asan[strcspn(asan, "\n")] = '\0';
                snprintf(asan_env, sizeof asan_env, "SHMLAB_SANITIZE=%s", asan);
            }
            free(asan);
        }
        char *env[] = {bin_env, pre_env, hide_env, asan_env, NULL};
        char *run_argv[] = {suite, "--results", res, fail_fast ? "--fail-fast" : NULL, NULL};
        status = run_command(run_argv, env, NULL, &programs, SUITE_TIMEOUT);
        free(programs);
    } else {
        char *list_argv2[] = {suite, "--list", "--results", res, NULL};
        status = run_command(list_argv2, NULL, NULL, &programs, 30);
        free(programs);
    }
    if (status != 0 || read_results(res, lab) == -1) {
        fprintf(stderr, "grade: the suite of %s failed (status %d)\n", name, status);
        return -1;
    }
    return 0;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

int main(int argc, char **argv)
{
    static const struct option options[] = {
        {"lab", required_argument, NULL, 'l'},
        {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {"sanitize", no_argument, NULL, 's'},
        {"fail-fast", no_argument, NULL, 'F'},
        {NULL, 0, NULL, 0},
    };
    const char *lab_id = NULL, *format = "text", *output = NULL;
    char dir[PATH_MAX], suites[PATH_MAX];
    struct dirent **names;
    struct report rep = {NULL, 0, NULL};
    FILE *f = stdout;
    int c, i, n, failed = 0, written;

    i18n_init();
    while ((c = getopt_long(argc, argv, "l:f:o:h", options, NULL)) != -1) {
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
        case 'F':
            fail_fast = 1;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (argc - optind > 1 || (strcmp(format, "text") && strcmp(format, "json") &&
                              strcmp(format, "tap") && strcmp(format, "junit"))) {
        usage(stderr);
        return 2;
    }
    if (realpath(optind < argc ? argv[optind] : "labs", dir) == NULL) {
        fprintf(stderr, "grade: %s: %s\n", optind < argc ? argv[optind] : "labs", strerror(errno));
        return 2;
    }
    top = find_top();
    if (top == NULL) {
        fprintf(stderr, "grade: cannot find the kit's folder (set SHMLAB_TOP)\n");
        return 3;
    }
    snprintf(suites, sizeof suites, "%s/build/grader/suites", top);
    n = scandir(suites, &names, is_lab_name, alphasort);
    if (n <= 0) {
        fprintf(stderr, "grade: no lab suite in %s (run make first)\n", suites);
        return 3;
    }
    /* Scratch space outside the kit and the submissions, which are hidden. */
    snprintf(work, sizeof work, "%s/shmlab-grade-XXXXXX",
             getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
    if (mkdtemp(work) == NULL || chmod(work, 0755) == -1) {
        perror("grade: mkdtemp");
        return 3;
    }
    rep.labs = calloc((size_t)n, sizeof *rep.labs);
    rep.mode = geteuid() == 0 ? "namespaces (root)" : "namespaces (user)";
    for (i = 0; i < n && rep.labs != NULL; i++) {
        if (lab_matches(names[i]->d_name, lab_id)) {
            struct stat st;
            char src[PATH_MAX];

            /* Without --lab, grade the labs the submission has. */
            snprintf(src, sizeof src, "%s/%s", dir, names[i]->d_name);
            if (lab_id != NULL || stat(src, &st) == 0)
                failed |= grade_lab(dir, names[i]->d_name, &rep.labs[rep.n++]) == -1;
        }
        free(names[i]);
    }
    free(names);
    if (!all_isolated)
        rep.mode = "no namespaces: the builds were not isolated";
    nftw(work, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    if (failed)
        return 3;
    if (rep.n == 0) {
        if (lab_id != NULL)
            fprintf(stderr, _("grade: no lab %s in %s\n"), lab_id, dir);
        else
            fprintf(stderr, _("grade: no lab folder in %s\n"), dir);
        return 2;
    }
    if (output != NULL && (f = fopen(output, "w")) == NULL) {
        fprintf(stderr, "grade: %s: %s\n", output, strerror(errno));
        return 3;
    }
    if (strcmp(format, "json") == 0)
        written = report_json(f, &rep);
    else if (strcmp(format, "tap") == 0)
        written = report_tap(f, &rep);
    else if (strcmp(format, "junit") == 0)
        written = report_junit(f, &rep);
    else
        written = report_text(f, &rep, isatty(fileno(f)) && getenv("NO_COLOR") == NULL);
    if (fflush(f) == EOF || written == -1)
        return 3;
    return 0;
}

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
 * graded (grading.c: built by the kit's rules, its suite run in the
 * sandbox); this file reads the options, decides the sandbox once and
 * writes the report in the format asked for. Exit status: 0
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
#include <ftw.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build.h"
#include "grading.h"
#include "lib/child.h"
#include "report/report.h"

static const char *top;     /* the kit's root folder */
static char work[PATH_MAX]; /* this run's scratch folder */
static enum mode mode;      /* the sandbox, decided once for every build and test */
static int sanitize;        /* --sanitize: AddressSanitizer and UBSan builds */
static int fail_fast;       /* --fail-fast: stop each lab at its first failing test */

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
              "  -j N     grade N labs at once (default: one more than the number of "
              "processors)\n"
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
    /* One lab more than the CPUs: the labs mostly wait for their programs'
     * timed runs (on 2 CPUs, the seven labs take 3.3 s at -j 3, 4.8 s at -j 2). */
    long jobs = sysconf(_SC_NPROCESSORS_ONLN) + 1;
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
        struct grading g = {.top = top,
                            .work = work,
                            .mode = mode,
                            .cflags = sanitize ? SANITIZE_CFLAGS : build_cflags(),
                            .sanitize = sanitize,
                            .fail_fast = fail_fast};

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
            grade_labs(&g, dir, chosen, count, (int)(jobs > 0 ? jobs : 1), rep.labs) == -1)
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

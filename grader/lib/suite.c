/*
 * suite.c - see suite.h. Runs a lab's Check tests and writes their results
 * in the form the runner reads (results.c).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../po/i18n.h"
#include "child.h"
#include "mode.h"
#include "protocol.h"
#include "results.h"
#include "suite.h"

#define DEFAULT_TEST_TIMEOUT 20

/*
 * Unchecked fixtures: they run in this (the suite's) process, around each
 * test, even when the test timed out or crashed.
 *
 * In the fallback (no namespaces), each test's programs run as a uid of
 * their own, chosen here, and what that uid created is removed after the
 * test, whatever else runs on the machine. With namespaces, a test's objects
 * vanish with its process; only a memory cgroup of a run the test could not
 * finish (a timeout) is left for us to remove.
 */
static struct ipc_inventory *before_test;
static uid_t fallback_uid;
static int uid_lock = -1;

#define UID_LOCKS "/tmp/shmlab-uids" /* one lock file per sandbox uid in use */

/*
 * A sandbox uid no other test on this machine is using: the first of
 * SANDBOX_UID_BASE + k whose lock file we can lock. The lock is held (by
 * this process and the test's) until after the clean-up, and the kernel
 * drops it if we die.
 */
static uid_t claim_uid(void)
{
    char path[64];
    int k, start = (int)(getpid() % SANDBOX_UID_COUNT);

    if (mkdir(UID_LOCKS, 0700) == -1 && errno != EEXIST)
        return (uid_t)(SANDBOX_UID_BASE + start);
    for (k = 0; k < SANDBOX_UID_COUNT; k++) {
        int n = (start + k) % SANDBOX_UID_COUNT;

        snprintf(path, sizeof path, UID_LOCKS "/%d", n);
        uid_lock = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (uid_lock != -1 && flock(uid_lock, LOCK_EX | LOCK_NB) == 0)
            return (uid_t)(SANDBOX_UID_BASE + n);
        if (uid_lock != -1)
            close(uid_lock);
        uid_lock = -1;
    }
    return (uid_t)(SANDBOX_UID_BASE + start);
}

static void before_each_test(void)
{
    char uid[16];

    if (mode_current() != MODE_FALLBACK)
        return;
    fallback_uid = geteuid() != 0 ? geteuid() : claim_uid();
    snprintf(uid, sizeof uid, "%u", (unsigned)fallback_uid);
    setenv("SHMLAB_FALLBACK_UID", uid, 1);
    before_test = ipc_inventory_take();
}

/* The test's process, from its stage folder's name (/tmp/shmlab-stage-SUITE-TEST). */
static pid_t fallback_test_pid(void)
{
    char prefix[64];
    struct dirent *e;
    DIR *d = opendir("/tmp");
    pid_t pid = 0;

    snprintf(prefix, sizeof prefix, "shmlab-stage-%d-", (int)getpid());
    while (d != NULL && (e = readdir(d)) != NULL)
        if (strncmp(e->d_name, prefix, strlen(prefix)) == 0)
            pid = (pid_t)atol(e->d_name + strlen(prefix));
    if (d != NULL)
        closedir(d);
    return pid;
}

static void after_each_test(void)
{
    char cmd[128];

    sb_remove_stale_cgroups();
    if (before_test == NULL)
        return;
    ipc_inventory_clean(before_test, fallback_uid, fallback_test_pid());
    ipc_inventory_free(before_test);
    before_test = NULL;
    if (uid_lock != -1) /* the uid is free for another test */
        close(uid_lock);
    uid_lock = -1;
    /* The test's staged programs: named after this process (see sandbox.c). */
    snprintf(cmd, sizeof cmd, "rm -rf /tmp/shmlab-stage-%d-*", (int)getpid());
    if (system(cmd) != 0)
        fprintf(stderr, "suite: could not remove /tmp/shmlab-stage-%d-*\n", (int)getpid());
}

/* Checked fixture: runs in the test's own process, before the test. */
static void enter_sandbox(void)
{
    if (sb_enter() == -1)
        ck_abort_msg("%s", _("the grader's sandbox could not start (see the grader's stderr)"));
}

/* A suite's tables, joined into one (for a suite of several files). */
static struct graded_test *join_parts(const struct graded_test *const *parts)
{
    struct graded_test *all;
    size_t n = 0, k = 0;
    int i, j;

    for (i = 0; parts[i] != NULL; i++)
        for (j = 0; parts[i][j].test != NULL; j++)
            n++;
    all = calloc(n + 1, sizeof *all); /* the last one zero: END_OF_TESTS */
    for (i = 0; all != NULL && parts[i] != NULL; i++)
        for (j = 0; parts[i][j].test != NULL; j++)
            all[k++] = parts[i][j];
    return all;
}

static int count_tests(const struct lab *lab)
{
    int n = 0;

    while (lab->tests[n].test != NULL)
        n++;
    return n;
}

static struct result *make_results(const struct lab *lab, int n)
{
    struct result *r = calloc((size_t)n, sizeof *r);
    int i;

    for (i = 0; r != NULL && i < n; i++) {
        r[i].lab = lab->name;
        r[i].id = (*lab->tests[i].test)->name;
        /* Titles and hints in the user's language: every report format gets them so. */
        r[i].title = i18n(lab->tests[i].title);
        r[i].hint = i18n(lab->tests[i].hint);
        r[i].max = lab->tests[i].points;
        r[i].hidden = lab->tests[i].hidden;
        r[i].status = STATUS_NOT_RUN;
        r[i].message = "";
    }
    return r;
}

/* Check's own reason for an error, in the user's language when it is one we know. */
static const char *check_error(const char *msg)
{
    if (strcmp(msg, "Test timeout expired") == 0)
        return _("the time limit of the test expired");
    return msg;
}

/* Record Check's result of the test r->id in r. */
static void record(struct result *r, TestResult *tr)
{
    if (tr_rtype(tr) == CK_PASS) {
        r->status = STATUS_PASSED;
        r->points = r->max;
    } else {
        const char *format = tr_rtype(tr) == CK_ERROR ? _("the test did not finish (%s)") : "%s";
        const char *why = check_error(tr_msg(tr));
        char *hint;
        size_t size = strlen(format) + strlen(why) + 1;
        char *msg = malloc(size);

        r->status = STATUS_FAILED;
        if (msg != NULL)
            snprintf(msg, size, format, why);
        r->message = msg != NULL ? msg : "";
        if (msg != NULL && (hint = strstr(msg, SUITE_HINT)) != NULL) {
            *hint = '\0'; /* the test named its own hint (suite.h) */
            r->hint = hint + strlen(SUITE_HINT);
        }
    }
}

/*
 * The marks of failed preconditions: a page shared by every test's process
 * (each is a child of this one), made before the first test. Without it
 * (the mapping failed), nothing is remembered and every test runs its own.
 */
#define MARKS     16
#define MARK_SIZE 64
static char (*marks)[MARK_SIZE];

static void make_marks(void)
{
    int fd = open("/dev/zero", O_RDWR | O_CLOEXEC);
    void *p;

    if (fd == -1)
        return;
    p = mmap(NULL, MARKS * MARK_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (p != MAP_FAILED)
        marks = p;
}

void suite_mark_failed(const char *what)
{
    for (int i = 0; marks != NULL && i < MARKS; i++)
        if (marks[i][0] == '\0' || strcmp(marks[i], what) == 0) {
            snprintf(marks[i], MARK_SIZE, "%s", what);
            return;
        }
}

int suite_failed_before(const char *what)
{
    for (int i = 0; marks != NULL && i < MARKS && marks[i][0] != '\0'; i++)
        if (strcmp(marks[i], what) == 0)
            return 1;
    return 0;
}

/* Run test i alone, in its own Check runner; fill r[i]. Returns 0 if it ran. */
static int run_test(const struct lab *lab, struct result *r, int i)
{
    const struct graded_test *t = &lab->tests[i];
    Suite *s = suite_create(lab->name);
    /* One test case per test: its own timeout, and its name in the results. */
    TCase *tc = tcase_create(r[i].id);
    SRunner *sr;
    TestResult **tr;
    int ran;

    tcase_add_checked_fixture(tc, enter_sandbox, NULL);
    tcase_add_unchecked_fixture(tc, before_each_test, after_each_test);
    tcase_set_timeout(tc,
                      (t->timeout > 0 ? t->timeout : DEFAULT_TEST_TIMEOUT) * sb_timeout_scale());
    tcase_add_test(tc, *t->test);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_set_fork_status(sr, CK_FORK);
    /* Which test this is, for the runs' files of the timeline (sandbox.h). */
    setenv(ENV_TEST_ID, r[i].id, 1);
    srunner_run_all(sr, CK_SILENT);
    ran = srunner_ntests_run(sr);
    if (ran != 1) {
        /* Check runs 0 tests, silently, when a test case is misnamed. */
        fprintf(stderr, "%s: %d tests ran for %s, 1 expected\n", lab->name, ran, r[i].id);
        srunner_free(sr);
        return -1;
    }
    tr = srunner_results(sr);
    record(&r[i], tr[0]);
    free(tr);
    srunner_free(sr);
    return 0;
}

/*
 * Run the tests (all, or only the one named), one at a time; fill r[]. With
 * fail_fast, stop at the first failing test: the rest stay "not run" (a
 * mutation run needs only to know whether a program loses points).
 * Returns 0 if they ran.
 */
static int run_tests(const struct lab *lab, struct result *r, int n, const char *only,
                     int fail_fast)
{
    int i, ran = 0;

    for (i = 0; i < n; i++) {
        if (only != NULL && strcmp(only, r[i].id) != 0)
            continue;
        if (run_test(lab, r, i) == -1)
            return -1;
        ran++;
        if (fail_fast && r[i].status == STATUS_FAILED)
            break;
    }
    if (ran == 0) {
        fprintf(stderr, "%s: no test named %s\n", lab->name, only ? only : "(none)");
        return -1;
    }
    return 0;
}

int lab_main(int argc, char **argv, const struct lab *lab)
{
    static const struct option options[] = {
        {"list", no_argument, NULL, 'l'},
        {"results", required_argument, NULL, 'r'},
        {"only", required_argument, NULL, 'o'},
        {"programs", no_argument, NULL, 'p'},
        {"fail-fast", no_argument, NULL, 'f'},
        {"seconds", no_argument, NULL, 's'},
        {NULL, 0, NULL, 0},
    };
    const char *results = NULL, *only = NULL;
    int list = 0, fail_fast = 0, c, n, i;
    struct result *r;
    struct lab whole;
    FILE *f;

    if (lab->parts != NULL) {
        whole = *lab;
        whole.tests = join_parts(lab->parts);
        if (whole.tests == NULL) {
            perror("suite");
            return 3;
        }
        lab = &whole;
    }
    n = count_tests(lab);
    i18n_init();
    while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
        switch (c) {
        case 'l':
            list = 1;
            break;
        case 'r':
            results = optarg;
            break;
        case 'o':
            only = optarg;
            break;
        case 'f':
            fail_fast = 1;
            break;
        case 'p':
            printf("%s\n", lab->programs);
            return 0;
        case 's':
            printf("%g\n", lab->seconds);
            return 0;
        default:
            fprintf(stderr,
                    "usage: %s [--programs | --seconds | --list] [--results FILE] [--only TEST] "
                    "[--fail-fast]\n",
                    argv[0]);
            return 2;
        }
    }
    r = make_results(lab, n);
    if (r == NULL)
        return 3;
    make_marks();
    if (!list && run_tests(lab, r, n, only, fail_fast) == -1)
        return 3;
    if (results == NULL) {
        for (i = 0; i < n; i++)
            if (r[i].status != STATUS_NOT_RUN)
                printf("%-6s %d/%d %s%s%s\n", status_name(r[i].status), r[i].points, r[i].max,
                       r[i].id, *r[i].message ? "\n       " : "", r[i].message);
        return 0;
    }
    f = fopen(results, "w");
    if (f == NULL) {
        perror(results);
        return 3;
    }
    for (i = 0; i < n; i++)
        result_write(f, &r[i]);
    if (fclose(f) == EOF) {
        perror(results);
        return 3;
    }
    return 0;
}

int find_integers(const char *text, long *values, int max)
{
    const char *p = text;
    int n = 0;

    /* A number is a word made only of digits: "left 42" and "-7" count, "0x2a" and "id42" not. */
    while (*p != '\0' && n < max) {
        const char *start = p;
        int digits = 1;

        if (!isalnum((unsigned char)*p) && *p != '_') {
            p++;
            continue;
        }
        for (; isalnum((unsigned char)*p) || *p == '_'; p++)
            digits &= isdigit((unsigned char)*p) != 0;
        if (!digits)
            continue;
        values[n] = strtol(start, NULL, 10);
        if (start > text && start[-1] == '-' &&
            (start - 1 == text || !isalnum((unsigned char)start[-2])))
            values[n] = -values[n];
        n++;
    }
    return n;
}

int has_integer(const char *text, long value)
{
    long values[256];
    int n = find_integers(text, values, 256), i;

    for (i = 0; i < n; i++)
        if (values[i] == value)
            return 1;
    return 0;
}

long fresh_value(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    srand((unsigned)(ts.tv_nsec ^ getpid()));
    return 1000 + rand() % 9000000; /* never 0, never a small number a program might print */
}

const char *excerpt(const char *text, char *buf, size_t size)
{
    size_t n = strcspn(text, "\n");

    if (*text == '\0')
        /* TRANSLATORS: what a program printed, when it printed nothing. */
        return _("nothing");
    if (n > 100)
        n = 100;
    /* TRANSLATORS: a quotation of the program's output (%.*s), then " ..." or "". */
    snprintf(buf, size, _("\"%.*s%s\""), (int)n, text, text[n] != '\0' ? " ..." : "");
    return buf;
}

double now(void)
{
    return child_now();
}

void nap_us(long us)
{
    struct timespec ts = {us / 1000000, (us % 1000000) * 1000L};

    nanosleep(&ts, NULL);
}

void nap_ms(int ms)
{
    nap_us(ms * 1000L);
}

/*
 * tracer.c - unit tests of the call tracer: the preload's mapped trace file
 * (grader/preload/) and trace_file_finish(), which makes it plain
 * lines again (grader/lib/trace_file.c).
 *
 * The preload is tested on this very program, run again under it
 * ("tracer --scenario TRACE"), in an IPC namespace of its own where it can
 * have one. Prints one line per test (print_results.h) for the self-test to
 * count, and exits non-zero if any failed.
 */
#define _GNU_SOURCE
#include <check.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "print_results.h"
#include "protocol.h"
#include "trace_file.h"

#define FAST_PS 20 /* P operations that need not wait, in the scenario */

static char self[PATH_MAX]; /* this program */

/* The whole of a file, NUL-terminated (NUL bytes in it kept); its size in *size. */
static char *slurp(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;

    ck_assert_msg(f != NULL, "open %s: %s", path, strerror(errno));
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    rewind(f);
    buf = malloc((size_t)n + 1);
    ck_assert_ptr_nonnull(buf);
    *size = fread(buf, 1, (size_t)n, f);
    buf[*size] = '\0';
    fclose(f);
    return buf;
}

/* A file as the preload leaves it: `lines` (n bytes) at the start, then the tail. */
static void mapped_file(const char *path, const char *lines, size_t n, unsigned long long used)
{
    struct trace_tail tail = {TRACE_MAGIC, used};
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);

    ck_assert_int_ne(fd, -1);
    ck_assert_int_eq(ftruncate(fd, TRACE_MAP_SIZE), 0);
    ck_assert_int_eq(pwrite(fd, lines, n, 0), (ssize_t)n);
    ck_assert_int_eq(pwrite(fd, &tail, sizeof tail, TRACE_CAP), (ssize_t)sizeof tail);
    close(fd);
}

static void temp_name(char *path, size_t size)
{
    int fd;

    snprintf(path, size, "%s/tracer-test.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    fd = mkstemp(path);
    ck_assert_int_ne(fd, -1);
    close(fd);
}

/* Room never written, a line cut short, a line taken back: dropped; the rest in order. */
START_TEST(finish_keeps_whole_lines)
{
    static const char lines[] = "1 2.000000 start\n"
                                "\001 2.000001 ~block semop(0, {0, -1})\n"
                                "\0\0\0\0\0\0\0\0\0\0"
                                "1 2.000002 semop(0, {0, -1, 0}) = 0 [val 0]\n"
                                "1 2.0000\0\0\0\0\0"
                                "1 2.000003 ~exit\n"
                                "1 2.000004 past what was used\n";
    size_t n = sizeof lines - 1 - strlen("1 2.000004 past what was used\n"), size;
    char path[PATH_MAX], *text;

    temp_name(path, sizeof path);
    mapped_file(path, lines, sizeof lines - 1, n);
    ck_assert_int_eq(trace_file_finish(path), 0);
    text = slurp(path, &size);
    ck_assert_str_eq(text, "1 2.000000 start\n"
                           "1 2.000002 semop(0, {0, -1, 0}) = 0 [val 0]\n"
                           "1 2.000003 ~exit\n");
    ck_assert_uint_eq(size, strlen(text));
    free(text);
    unlink(path);
}
END_TEST

/* A file the preload wrote line by line (not mapped) is left as it is. */
START_TEST(finish_leaves_plain_file)
{
    static const char plain[] = "1 2.000000 start\n1 2.000001 ~exit\n";
    char path[PATH_MAX], *text;
    size_t size;
    FILE *f;

    temp_name(path, sizeof path);
    f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(plain, f);
    fclose(f);
    ck_assert_int_eq(trace_file_finish(path), 0);
    text = slurp(path, &size);
    ck_assert_str_eq(text, plain);
    free(text);
    unlink(path);
}
END_TEST

/*
 * Under the preload: a child waits in a P on a semaphore at 0 and is killed
 * there; the parent then makes two V (a V without P: the value climbs to 2)
 * and FAST_PS P and V that need not wait.
 */
static int scenario(void)
{
    struct sembuf p = {0, -1, 0}, v = {0, 1, 0};
    struct timespec nap = {0, 1000000};
    int id = semget(IPC_PRIVATE, 1, 0600), i, status;
    pid_t child;

    if (id == -1)
        return 2;
    child = fork();
    if (child == 0) {
        semop(id, &p, 1); /* waits for ever: the value stays 0 */
        _exit(0);
    }
    for (i = 0; child > 0 && i < 10000 && semctl(id, 0, GETNCNT) < 1; i++)
        nanosleep(&nap, NULL);
    nanosleep(&nap, NULL); /* well inside its wait */
    if (child > 0)
        kill(child, SIGKILL);
    if (child == -1 || waitpid(child, &status, 0) != child)
        return 3;
    semop(id, &v, 1);
    semop(id, &v, 1);
    for (i = 0; i < FAST_PS; i++) {
        semop(id, &p, 1);
        semop(id, &v, 1);
    }
    semctl(id, 0, IPC_RMID);
    return 0;
}

/*
 * "tracer --children": fork three children, each makes one V on a set of
 * the parent's and exits 0. Exits with a bit per child that a signal ended
 * (bit 0: the first child), or 64 if something else went wrong.
 */
static int children_scenario(void)
{
    struct sembuf v = {0, 1, 0};
    int id = semget(IPC_PRIVATE, 1, 0600), i, status, killed = 0;
    pid_t child[3];

    if (id == -1)
        return 64;
    for (i = 0; i < 3; i++) {
        child[i] = fork();
        if (child[i] == 0)
            _exit(semop(id, &v, 1) == 0 ? 0 : 1);
        if (child[i] == -1 || waitpid(child[i], &status, 0) != child[i])
            return 64; /* one after the other: the N-th fork is the N-th child */
        if (WIFSIGNALED(status))
            killed |= 1 << i;
        else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
            return 64;
    }
    semctl(id, 0, IPC_RMID);
    return killed;
}

/* Run "tracer --children" under the preload with the setting RAISE=rule: its exit status. */
static int run_children(const char *rule)
{
    char preload[PATH_MAX + 32], dir[PATH_MAX], env_preload[PATH_MAX + 64], setting[128];
    char *argv[] = {self, "--children", NULL};
    char *envp[] = {env_preload, ENV_CONTROL_FD "=5", NULL};
    int control[2], status;
    pid_t pid;

    snprintf(dir, sizeof dir, "%s", self);
    snprintf(preload, sizeof preload, "%s/../grader/preload.so", dirname(dir));
    snprintf(env_preload, sizeof env_preload, "LD_PRELOAD=%s", preload);
    /* The preload reads its settings from a pipe, as the sandbox gives them. */
    snprintf(setting, sizeof setting, "RAISE=%s\n", rule);
    ck_assert_int_eq(pipe(control), 0);
    ck_assert_int_eq(write(control[1], setting, strlen(setting)), (ssize_t)strlen(setting));
    close(control[1]);
    pid = fork();
    ck_assert_int_ne(pid, -1);
    if (pid == 0) {
        if (dup2(control[0], 5) == -1)
            _exit(126);
        execve(self, argv, envp);
        _exit(127);
    }
    close(control[0]);
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert_msg(WIFEXITED(status), "the scenario ended with %d", status);
    return WEXITSTATUS(status);
}

/* SHMLAB_RAISE's WHO: "child" is the first child, "childN" the N-th, no other. */
START_TEST(preload_raise_picks_the_child)
{
    static const struct {
        const char *rule;
        int killed; /* a bit per child */
    } cases[] = {
        {"child:semop:1:KILL", 1},  {"child1:semop:1:KILL", 1}, {"child2:semop:1:KILL", 2},
        {"child3:semop:1:KILL", 4}, {"child4:semop:1:KILL", 0}, {"parent:semop:1:KILL", 0},
        {"child0:semop:1:KILL", 0}, {"childx:semop:1:KILL", 0},
    };
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int got = run_children(cases[i].rule);

        ck_assert_msg(got == cases[i].killed,
                      "SHMLAB_RAISE=%s: expected the children of mask %d killed; got %d (64: "
                      "the scenario failed)",
                      cases[i].rule, cases[i].killed, got);
    }
}
END_TEST

/* Lines of `text` with `pid` that contain `what`. */
static int count(const char *text, long pid, const char *what)
{
    const char *line;
    int n = 0;

    for (line = text; *line != '\0'; line = strchr(line, '\n') + 1) {
        const char *end = strchr(line, '\n');
        char *rest;

        if (end == NULL)
            break;
        if (strtol(line, &rest, 10) == pid &&
            memmem(line, (size_t)(end - line), what, strlen(what)) != NULL)
            n++;
    }
    return n;
}

START_TEST(preload_trace_survives_kill)
{
    char path[PATH_MAX], preload[PATH_MAX + 32], dir[PATH_MAX], *text, *c;
    long parent, child = 0;
    size_t size, i;
    int blocked;
    pid_t pid;
    int fd, status;

    snprintf(dir, sizeof dir, "%s", self);
    snprintf(preload, sizeof preload, "%s/../grader/preload.so", dirname(dir));
    ck_assert_msg(access(preload, R_OK) == 0, "no preload at %s (make grader)", preload);
    temp_name(path, sizeof path);
    ck_assert_int_eq(truncate(path, 0), 0);
    pid = fork();
    ck_assert_int_ne(pid, -1);
    if (pid == 0) {
        char env_preload[PATH_MAX + 64];
        char *argv[] = {self, "--scenario", NULL};
        char *envp[] = {env_preload, "SHMLAB_TRACE_FD=3", NULL};

        if (unshare(CLONE_NEWIPC) == -1) {
            /* not root: the scenario removes its set itself */
        }
        fd = open(path, O_RDWR);
        if (fd == -1 || dup2(fd, 3) == -1)
            _exit(126);
        snprintf(env_preload, sizeof env_preload, "LD_PRELOAD=%s", preload);
        execve(self, argv, envp);
        _exit(127);
    }
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the scenario ended with %d",
                  status);

    text = slurp(path, &size);
    ck_assert_msg(size == TRACE_MAP_SIZE, "the preload mapped the trace (%zu bytes)", size);
    free(text);
    ck_assert_int_eq(trace_file_finish(path), 0);
    text = slurp(path, &size);
    ck_assert_uint_eq(size, strlen(text)); /* no NUL byte left */
    for (i = 0; i < size; i++)
        ck_assert_msg(text[i] != TRACE_RETRACTED, "a line taken back is still there");
    parent = strtol(text, NULL, 10);
    ck_assert_msg(strstr(text, " start\n") != NULL, "the first line: %.60s", text);
    c = strstr(text, " fork() = ");
    ck_assert_msg(c != NULL, "the fork is traced: %s", text);
    child = strtol(c + strlen(" fork() = "), NULL, 10);
    ck_assert_msg(child > 0 && child != parent, "the child is %ld, the parent %ld", child, parent);
    /* Written before the wait, by the child's own pid: there after SIGKILL. */
    ck_assert_msg(count(text, child, "~block semop(") == 1,
                  "the killed child's \"~block semop\" line, with its own pid %ld:\n%s", child,
                  text);
    ck_assert_msg(count(text, parent, "{0, 1, 0}) = 0 [val 1]") >= 1 &&
                      count(text, parent, "{0, 1, 0}) = 0 [val 2]") >= 1,
                  "a V without P: its value 1, then 2:\n%s", text);
    /* At 2, a P does not wait: most of their "~block" lines are taken back, and
     * only a P that waited (slowed down on a busy machine) has its value. */
    blocked = count(text, parent, "~block semop(");
    ck_assert_msg(blocked <= FAST_PS / 2, "%d \"~block\" lines for %d P that did not wait", blocked,
                  FAST_PS);
    ck_assert_msg(count(text, parent, "{0, -1, 0}) = 0 [val 1]") == blocked &&
                      count(text, parent, "{0, -1, 0}) = 0") == FAST_PS,
                  "a P that waited leaves 1, one that did not has no value:\n%s", text);
    free(text);
    unlink(path);
}
END_TEST

/*
 * The preload is loaded into students' programs: its own shared names
 * (preload.h) must be hidden, so that a program's globals of the same names
 * (tests/hostile/preload-names) can neither replace them nor be replaced;
 * only the wrapped calls are exported.
 */
START_TEST(preload_hides_its_names)
{
    static const char *const internal[] = {
        "trace",     "trace_fd",     "trace_map",     "forked",       "gate_mode",
        "inject",    "put_line",     "count_success", "release_gate", "read_control",
        "map_trace", "child_number", "not_parent",    "fail_errno",   "sem_value",
    };
    char preload[PATH_MAX + 32], dir[PATH_MAX];
    void *lib;
    size_t i;

    snprintf(dir, sizeof dir, "%s", self);
    snprintf(preload, sizeof preload, "%s/../grader/preload.so", dirname(dir));
    lib = dlopen(preload, RTLD_NOW | RTLD_LOCAL);
    ck_assert_msg(lib != NULL, "could not load %s: %s", preload, dlerror());
    ck_assert_msg(dlsym(lib, "shmget") != NULL,
                  "expected the preload to export shmget; it does not");
    for (i = 0; i < sizeof internal / sizeof internal[0]; i++)
        ck_assert_msg(dlsym(lib, internal[i]) == NULL,
                      "expected the preload's %s hidden; it is exported", internal[i]);
    dlclose(lib);
}
END_TEST

static const TTest *const *const tests[] = {
    &finish_keeps_whole_lines, &finish_leaves_plain_file,      &preload_trace_survives_kill,
    &preload_hides_its_names,  &preload_raise_picks_the_child,
};

int main(int argc, char *argv[])
{
    Suite *s = suite_create("tracer");
    SRunner *sr;
    size_t i;
    ssize_t n;
    int failed;

    if (argc == 2 && strcmp(argv[1], "--scenario") == 0)
        return scenario();
    if (argc == 2 && strcmp(argv[1], "--children") == 0)
        return children_scenario();
    n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0)
        return EXIT_FAILURE;
    self[n] = '\0';
    for (i = 0; i < sizeof tests / sizeof tests[0]; i++) {
        TCase *tc = tcase_create((*tests[i])->name);

        tcase_add_test(tc, *tests[i]);
        tcase_set_timeout(tc, 30);
        suite_add_tcase(s, tc);
    }
    sr = srunner_create(s);
    srunner_run_all(sr, CK_SILENT);
    failed = print_results(sr, (int)(sizeof tests / sizeof tests[0]));
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

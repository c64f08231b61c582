/*
 * reaper.c - run one command as a child subreaper and report what it left.
 *
 *   reaper [-o REPORT] [-l LIMIT_MIB] COMMAND [ARG...]
 *
 * The self-test wraps each grading in it. With PR_SET_CHILD_SUBREAPER every
 * process the command starts, however it detaches (double fork, setsid),
 * becomes our child when its parent dies, and nothing else on the machine
 * does. So once COMMAND has ended, our remaining children are exactly the
 * processes that this grading left running, whatever else runs on the
 * machine. They are listed in REPORT, then killed.
 *
 * Peak memory of the whole grading: as root with a cgroup v1 memory
 * controller, the command runs in a cgroup of its own and REPORT gives its
 * memory.max_usage_in_bytes (user and kernel memory, shared memory included)
 * plus, sampled every 20 ms, the peaks of the cgroups the grader makes for
 * its runs at the controller's root (runs_memory());
 * -l also sets that cgroup's limit, a wall that keeps a broken sandbox from
 * exhausting the host. Otherwise REPORT gives the largest resident size of a
 * single process (getrusage), a weaker figure, and says so.
 *
 * REPORT lines: "status N" (COMMAND's exit status, 128+signal if killed),
 * "strays N", "stray PID COMM" for each, "peak_kib N", "peak_source S".
 * Exits with COMMAND's status, 125 on a usage or system error. SIGINT,
 * SIGTERM and SIGHUP are passed on to COMMAND; the clean-up still runs.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MEMCG      "/sys/fs/cgroup/memory"
#define MAX_STRAYS 64

static volatile pid_t child = -1;

/* SIGINT, SIGTERM, SIGHUP: passed on to COMMAND, and we still clean up. */
static void pass_on(int sig)
{
    if (child > 0)
        kill(child, sig);
}

static void die(const char *what)
{
    perror(what);
    exit(125);
}

/* Write TEXT into the file PATH; 0 on success. */
static int put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    int ok;

    if (f == NULL)
        return -1;
    ok = fputs(text, f) >= 0;
    return (fclose(f) == 0 && ok) ? 0 : -1;
}

/* The number in the file PATH, -1 if it cannot be read. */
static long long get(const char *path)
{
    FILE *f = fopen(path, "r");
    long long v = -1;

    if (f == NULL)
        return -1;
    if (fscanf(f, "%lld", &v) != 1)
        v = -1;
    fclose(f);
    return v;
}

/* Our own memory cgroup's folder into DIR (the new one goes inside it, so
 * that every limit above still applies); 0 on success. */
static int own_memcg(char *dir, size_t size)
{
    char line[512];
    FILE *f = fopen("/proc/self/cgroup", "r");
    int found = -1;

    if (f == NULL)
        return -1;
    while (found == -1 && fgets(line, sizeof line, f) != NULL) {
        char *p = strstr(line, ":memory:");

        if (p != NULL) {
            p[8 + strcspn(p + 8, "\n")] = '\0';
            snprintf(dir, size, MEMCG "%s", strcmp(p + 8, "/") == 0 ? "" : p + 8);
            found = 0;
        }
    }
    fclose(f);
    return found;
}

/* 1 if process PID descends from us. */
static int ours(pid_t pid)
{
    char path[64], line[256];
    int depth;

    for (depth = 0; pid > 1 && depth < 64; depth++) {
        FILE *f;
        long ppid = -1;

        snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
        if ((f = fopen(path, "r")) == NULL)
            return 0;
        while (fgets(line, sizeof line, f) != NULL)
            if (sscanf(line, "PPid: %ld", &ppid) == 1)
                break;
        fclose(f);
        if (ppid == getpid())
            return 1;
        pid = (pid_t)ppid;
    }
    return 0;
}

/*
 * The grader may put each run in a memory cgroup of its own, made at the
 * controller's root (/sys/fs/cgroup/memory/shmlab-PID-N, PID the grader's
 * process that runs it): outside our cgroup, its memory is not in ours.
 * Returns the sum of the peaks of those that belong to our descendants now.
 */
static long long runs_memory(void)
{
    char path[600];
    struct dirent *e;
    long long sum = 0, v;
    DIR *d = opendir(MEMCG);
    int pid, n;

    if (d == NULL)
        return 0;
    while ((e = readdir(d)) != NULL) {
        if (sscanf(e->d_name, "shmlab-%d-%d", &pid, &n) != 2 || !ours((pid_t)pid))
            continue;
        snprintf(path, sizeof path, MEMCG "/%s/memory.max_usage_in_bytes", e->d_name);
        if ((v = get(path)) > 0)
            sum += v;
    }
    closedir(d);
    return sum;
}

/* Our children still alive: reaps the dead ones, fills PIDS, returns how many. */
static int children(pid_t *pids, int max)
{
    char path[300], line[256];
    struct dirent *e;
    DIR *d;
    int n = 0;

    while (waitpid(-1, NULL, WNOHANG) > 0)
        continue;
    if ((d = opendir("/proc")) == NULL)
        die("/proc");
    while ((e = readdir(d)) != NULL && n < max) {
        FILE *f;
        long ppid = -1;

        if (e->d_name[0] < '1' || e->d_name[0] > '9')
            continue;
        snprintf(path, sizeof path, "/proc/%s/status", e->d_name);
        if ((f = fopen(path, "r")) == NULL)
            continue;
        while (fgets(line, sizeof line, f) != NULL)
            if (sscanf(line, "PPid: %ld", &ppid) == 1)
                break;
        fclose(f);
        if (ppid == getpid())
            pids[n++] = (pid_t)atol(e->d_name);
    }
    closedir(d);
    return n;
}

/* The command name of PID, into BUF. */
static void comm(pid_t pid, char *buf, size_t size)
{
    char path[64];
    FILE *f;

    snprintf(path, sizeof path, "/proc/%d/comm", (int)pid);
    snprintf(buf, size, "?");
    if ((f = fopen(path, "r")) != NULL) {
        if (fgets(buf, (int)size, f) != NULL)
            buf[strcspn(buf, "\n")] = '\0';
        fclose(f);
    }
}

int main(int argc, char *argv[])
{
    const char *report = "/dev/stderr";
    char cg[512] = "", parent[400], path[600], limit[32];
    char names[MAX_STRAYS][32];
    pid_t pids[MAX_STRAYS], seen[MAX_STRAYS];
    struct sigaction sa = {.sa_handler = pass_on};
    int opt, st, status, i, j, n, nseen = 0;
    long long limit_mib = 0, peak = -1;
    struct rusage ru;
    FILE *out;

    while ((opt = getopt(argc, argv, "+o:l:")) != -1) {
        switch (opt) {
        case 'o':
            report = optarg;
            break;
        case 'l':
            limit_mib = atoll(optarg);
            break;
        default:
            goto usage;
        }
    }
    if (optind >= argc) {
    usage:
        fprintf(stderr, "usage: reaper [-o REPORT] [-l LIMIT_MIB] COMMAND [ARG...]\n");
        return 125;
    }
    if (prctl(PR_SET_CHILD_SUBREAPER, 1) == -1)
        die("prctl(PR_SET_CHILD_SUBREAPER)");

    /* A memory cgroup of our own, if this machine gives one (root, cgroup v1). */
    if (geteuid() == 0 && own_memcg(parent, sizeof parent) == 0) {
        snprintf(cg, sizeof cg, "%s/shmlab-reaper-%d", parent, (int)getpid());
        if (mkdir(cg, 0755) == -1)
            cg[0] = '\0';
        if (cg[0] != '\0' && limit_mib > 0) {
            snprintf(path, sizeof path, "%s/memory.limit_in_bytes", cg);
            snprintf(limit, sizeof limit, "%lld", limit_mib << 20);
            if (put(path, limit) == -1)
                perror(path);
        }
    }

    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    if ((child = fork()) == -1)
        die("fork");
    if (child == 0) {
        if (cg[0] != '\0') {
            snprintf(path, sizeof path, "%s/cgroup.procs", cg);
            if (put(path, "0") == -1)
                die(path);
        }
        execvp(argv[optind], argv + optind);
        perror(argv[optind]);
        _exit(127);
    }
    /* While it runs, every 20 ms: our cgroup's peak and the runs' cgroups. */
    snprintf(path, sizeof path, "%s/memory.max_usage_in_bytes", cg);
    for (;;) {
        pid_t r = waitpid(child, &st, WNOHANG);

        if (r == child)
            break;
        if (r == -1 && errno != EINTR)
            die("waitpid");
        if (cg[0] != '\0') {
            long long now = get(path) + runs_memory();

            if (now > peak)
                peak = now;
        }
        nanosleep(&(struct timespec){0, 20 * 1000 * 1000}, NULL);
    }
    status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);

    /* What is left: give it 2 s to end by itself, then kill it, until none. */
    for (i = 0; (n = children(pids, MAX_STRAYS)) > 0; i++) {
        for (j = 0; j < n && i >= 20; j++) {
            int k;

            for (k = 0; k < nseen && seen[k] != pids[j]; k++)
                continue;
            if (k == nseen && nseen < MAX_STRAYS) {
                comm(pids[j], names[nseen], sizeof names[nseen]);
                seen[nseen++] = pids[j];
            }
            kill(pids[j], SIGKILL);
        }
        nanosleep(&(struct timespec){0, 100 * 1000 * 1000}, NULL);
    }

    if ((out = fopen(report, "w")) == NULL)
        die(report);
    fprintf(out, "status %d\nstrays %d\n", status, nseen);
    for (i = 0; i < nseen; i++)
        fprintf(out, "stray %d %s\n", (int)seen[i], names[i]);
    if (cg[0] != '\0' && get(path) > peak)
        peak = get(path);
    if (peak >= 0) {
        fprintf(out, "peak_kib %lld\npeak_source cgroup memory.max_usage_in_bytes\n", peak >> 10);
    } else {
        getrusage(RUSAGE_CHILDREN, &ru);
        fprintf(out, "peak_kib %ld\npeak_source getrusage (largest process)\n", ru.ru_maxrss);
    }
    fclose(out);
    if (cg[0] != '\0' && rmdir(cg) == -1)
        perror(cg);
    return status;
}

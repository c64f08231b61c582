/*
 * sandbox.c - see sandbox.h.
 *
 * Processes, from the host's point of view:
 *
 *   Check's runner
 *     `- test process        sb_enter(): new IPC + mount namespaces
 *          `- init           sb_start(): pid 1 of a new PID namespace (ours)
 *               `- program   the student's binary, unprivileged, bounded
 *                    `- ...  whatever it forks (dies with init)
 *
 * Inputs from the environment (set by the runner):
 *   SHMLAB_BIN_DIR        the lab's built programs
 *   SHMLAB_PRELOAD        the preload library (optional)
 *   SHMLAB_HIDE           colon-separated folders the program must not read
 *   SHMLAB_TIMEOUT_SCALE  multiplies every deadline (slow machines)
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../po/i18n.h"
#include "ipcstate.h"
#include "sandbox.h"

#define STAGE_DIR       "/tmp/.shmlab" /* on the private /tmp */
#define WORK_DIR        "/tmp/work"
#define DEFAULT_TIMEOUT 5.0
#define OUTPUT_CAP      (8L << 20)  /* bytes a program may write to one file */
#define READ_CAP        (64L << 10) /* bytes of each output kept for feedback */
#define MAX_PROCS       64          /* processes a program may have at once */
#define MEMORY_CAP      (1L << 30)  /* address space of each process */

static struct {
    int entered;
    int fallback;         /* no namespaces: see sb_enter() */
    char stage[PATH_MAX]; /* the programs, copied; the runs' files */
    char work[PATH_MAX];  /* where programs start */
    int user_mode;
    uid_t uid;
    gid_t gid;
    int runs;
    long nproc_base; /* processes the user already has (user mode) */
} sb;

/* What init sends back to the test process. */
struct report {
    int status; /* as from waitpid() */
    int zombies;
    int orphans;
};

struct sb_proc {
    pid_t init;
    int report_fd;
    double start;
    double deadline;
    char dir[PATH_MAX];
    int split;
    int ended; /* sb_end() brought the deadline forward */
};

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

double sb_timeout_scale(void)
{
    const char *s = getenv("SHMLAB_TIMEOUT_SCALE");
    double scale = s ? strtod(s, NULL) : 1.0;

    return scale > 0 ? scale : 1.0;
}

static int write_file(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    ssize_t n;

    if (fd == -1)
        return -1;
    n = write(fd, text, strlen(text));
    close(fd);
    return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* Count the processes of uid (RLIMIT_NPROC counts them all in user mode). */
static long count_processes(uid_t uid)
{
    DIR *d = opendir("/proc");
    struct dirent *e;
    long n = 0;

    if (d == NULL)
        return 0;
    while ((e = readdir(d)) != NULL) {
        char path[64];
        struct stat st;

        if (e->d_name[0] < '0' || e->d_name[0] > '9')
            continue;
        snprintf(path, sizeof path, "/proc/%s", e->d_name);
        if (stat(path, &st) == 0 && st.st_uid == uid)
            n++;
    }
    closedir(d);
    return n;
}

/* Copy every regular file of the directory dirfd into the stage folder. */
static int stage_files(int dirfd, int preload_fd)
{
    DIR *d = fdopendir(dirfd);
    struct dirent *e;
    char buf[65536];
    int ok = 0;

    if (d == NULL)
        return -1;
    while ((e = readdir(d)) != NULL) {
        struct stat st;
        int in, out;
        char path[PATH_MAX];
        ssize_t n;

        if (fstatat(dirfd, e->d_name, &st, 0) == -1 || !S_ISREG(st.st_mode))
            continue;
        in = openat(dirfd, e->d_name, O_RDONLY | O_CLOEXEC);
        snprintf(path, sizeof path, "%s/%s", sb.stage, e->d_name);
        out = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
        if (in == -1 || out == -1)
            ok = -1;
        while (in != -1 && out != -1 && (n = read(in, buf, sizeof buf)) > 0)
            if (write(out, buf, (size_t)n) != n)
                ok = -1;
        if (in != -1)
            close(in);
        if (out != -1)
            close(out);
    }
    closedir(d);
    if (preload_fd != -1) {
        char path[PATH_MAX];
        int out;
        ssize_t n;

        snprintf(path, sizeof path, "%s/preload.so", sb.stage);
        out = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        while (out != -1 && (n = read(preload_fd, buf, sizeof buf)) > 0)
            if (write(out, buf, (size_t)n) != n)
                ok = -1;
        if (out == -1)
            ok = -1;
        else
            close(out);
        close(preload_fd);
    }
    return ok;
}

/* Mount an empty, unreadable tmpfs over every folder of SHMLAB_HIDE. */
static void hide_folders(void)
{
    const char *list = getenv("SHMLAB_HIDE");
    char *copy, *dir, *save = NULL;

    if (list == NULL || (copy = strdup(list)) == NULL)
        return;
    for (dir = strtok_r(copy, ":", &save); dir != NULL; dir = strtok_r(NULL, ":", &save)) {
        struct stat st;

        if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
            if (mount("tmpfs", dir, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=000,size=4k"))
                fprintf(stderr, "sandbox: cannot hide %s: %s\n", dir, strerror(errno));
    }
    free(copy);
}

/*
 * Fallback, when the kernel refuses namespaces (or SHMLAB_SANDBOX=none):
 * programs share the host's IPC objects, /tmp and /dev/shm. The test process
 * becomes a child subreaper, so that every process a program leaves behind
 * is re-parented to it and killed; the suite's runner takes an inventory of
 * IPC objects before each test and removes what the test created
 * (suite.c). Permission bits are still enforced as root (the programs run as
 * an unprivileged uid), but the kit is not hidden.
 */
static int enter_fallback(int bin_fd, int preload_fd)
{
    sb.fallback = 1;
    if (geteuid() == 0) {
        sb.uid = sb.gid = (uid_t)(60000 + getpid() % 5000);
    } else {
        /* Not root: the programs run as the user, whose other processes
         * count against RLIMIT_NPROC too. */
        sb.uid = getuid(), sb.gid = getgid();
        sb.nproc_base = count_processes(sb.uid);
    }
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    /* The host's objects are visible: only what appears from now on is ours. */
    ipc_set_baseline(ipc_inventory_take(), sb.uid, geteuid());
    /* Named after the suite's process, which removes it after the test. */
    snprintf(sb.stage, sizeof sb.stage, "/tmp/shmlab-stage-%d-%d", (int)getppid(), (int)getpid());
    snprintf(sb.work, sizeof sb.work, "%s/work", sb.stage);
    if (mkdir(sb.stage, 0755) == -1 || stage_files(bin_fd, preload_fd) == -1 ||
        mkdir(sb.work, 0755) == -1 || chown(sb.work, sb.uid, sb.gid) == -1) {
        perror("sandbox: staging the programs");
        return -1;
    }
    sb.entered = 1;
    return 0;
}

/* Enter new user (if not root), IPC and mount namespaces; -1 if refused. */
static int enter_namespaces(void)
{
    uid_t ruid = getuid();
    gid_t rgid = getgid();
    char map[64];

    if (geteuid() == 0)
        return unshare(CLONE_NEWIPC | CLONE_NEWNS);
    sb.nproc_base = count_processes(ruid);
    if (unshare(CLONE_NEWUSER | CLONE_NEWIPC | CLONE_NEWNS) == -1)
        return -1;
    /* Map our own ids onto themselves (not onto 0): a program we exec then
     * has no capability at all in the new namespaces. */
    snprintf(map, sizeof map, "%u %u 1\n", (unsigned)ruid, (unsigned)ruid);
    if (write_file("/proc/self/setgroups", "deny") || write_file("/proc/self/uid_map", map))
        return -1;
    snprintf(map, sizeof map, "%u %u 1\n", (unsigned)rgid, (unsigned)rgid);
    if (write_file("/proc/self/gid_map", map))
        return -1;
    sb.user_mode = 1;
    return 0;
}

int sb_enter(void)
{
    const char *bin_dir = getenv("SHMLAB_BIN_DIR");
    const char *preload = getenv("SHMLAB_PRELOAD");
    const char *mode = getenv("SHMLAB_SANDBOX");
    int bin_fd, preload_fd = -1;

    if (sb.entered)
        return 0;
    if (bin_dir == NULL) {
        fprintf(stderr, "sandbox: SHMLAB_BIN_DIR is not set\n");
        return -1;
    }
    /* Open what we need before the mounts below can hide it. */
    bin_fd = open(bin_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (bin_fd == -1) {
        fprintf(stderr, "sandbox: %s: %s\n", bin_dir, strerror(errno));
        return -1;
    }
    if (preload != NULL && *preload != '\0')
        preload_fd = open(preload, O_RDONLY | O_CLOEXEC);
    /* "off" is the fallback without the suite's clean-up: for measurements only. */
    if (mode != NULL && (strcmp(mode, "none") == 0 || strcmp(mode, "off") == 0))
        return enter_fallback(bin_fd, preload_fd);
    if (enter_namespaces() == -1) {
        fprintf(stderr,
                "sandbox: no namespaces (%s): falling back to process groups and an "
                "inventory of IPC objects\n",
                strerror(errno));
        return enter_fallback(bin_fd, preload_fd);
    }
    if (!sb.user_mode) /* a uid of its own per test: RLIMIT_NPROC counts only this test */
        sb.uid = sb.gid = (uid_t)(60000 + getpid() % 5000);
    else
        sb.uid = getuid(), sb.gid = getgid();
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == -1) {
        perror("sandbox: mount --make-rprivate /");
        return -1;
    }
    hide_folders();
    mkdir("/dev/shm", 01777);
    if (mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777,size=256m") == -1 ||
        mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777,size=256m") == -1) {
        perror("sandbox: mount tmpfs");
        return -1;
    }
    snprintf(sb.stage, sizeof sb.stage, "%s", STAGE_DIR);
    snprintf(sb.work, sizeof sb.work, "%s", WORK_DIR);
    if (mkdir(sb.stage, 0755) == -1 || stage_files(bin_fd, preload_fd) == -1) {
        perror("sandbox: staging the programs");
        return -1;
    }
    if (mkdir(sb.work, 0755) == -1 || chown(sb.work, sb.uid, sb.gid) == -1) {
        perror("sandbox: " WORK_DIR);
        return -1;
    }
    sb.entered = 1;
    return 0;
}

int sb_isolated(void)
{
    return sb.entered && !sb.fallback;
}

const char *sb_mode(void)
{
    if (sb.fallback)
        return "no namespaces (fallback)";
    return sb.user_mode ? "namespaces (user)" : "namespaces (root)";
}

uid_t sb_uid(void)
{
    return sb.uid;
}

gid_t sb_gid(void)
{
    return sb.gid;
}

const char *sb_workdir(void)
{
    return sb.work;
}

static void set_limit(int resource, rlim_t value)
{
    struct rlimit rl = {value, value};

    setrlimit(resource, &rl);
}

/* In the program's process: limits, files, identity, then execve(). */
static void exec_program(const struct sb_spec *spec, const struct sb_proc *p, double timeout)
{
    char path[PATH_MAX], *argv[64], *envp[64];
    char trace_env[] = "SHMLAB_TRACE_FD=3", split_env[] = "SHMLAB_CHILD_OUT_FD=4";
    char gate_env[64], fail_env[96], file[PATH_MAX + 16], preload_env[2 * PATH_MAX + 64];
    char home_env[PATH_MAX + 8], preload_path[PATH_MAX + 16];
    const char *asan = getenv("SHMLAB_SANITIZE");
    int argc = 0, envc = 0, fd, i, asan_env_ok = 0;
    static const char *const files[] = {"in", "out", "err", "trace", "child_out"};

    setpgid(0, 0);
    for (i = 0; i < 5; i++) {
        if (i == 4 && !p->split)
            break;
        snprintf(file, sizeof file, "%s/%s", p->dir, files[i]);
        fd = open(file, i == 0 ? O_RDONLY : O_WRONLY | O_APPEND);
        if (fd == -1 || dup2(fd, i) == -1)
            _exit(126);
        if (fd != i)
            close(fd);
    }
    for (fd = p->split ? 5 : 4; fd < 1024; fd++)
        close(fd);

    set_limit(RLIMIT_CPU, (rlim_t)timeout + 2);
    set_limit(RLIMIT_NPROC, (rlim_t)(MAX_PROCS + sb.nproc_base));
    set_limit(RLIMIT_FSIZE, OUTPUT_CAP);
    set_limit(RLIMIT_CORE, 0);
    set_limit(RLIMIT_NOFILE, 256);
    if (asan == NULL || strcmp(asan, "0") == 0) /* AddressSanitizer reserves terabytes */
        set_limit(RLIMIT_AS, MEMORY_CAP);
    else
        asan_env_ok = 1;

    snprintf(path, sizeof path, "%s/%s", sb.stage, spec->program);
    argv[argc++] = (char *)spec->program;
    for (i = 0; spec->args != NULL && spec->args[i] != NULL && argc < 63; i++)
        argv[argc++] = (char *)spec->args[i];
    argv[argc] = NULL;

    envp[envc++] = "PATH=/usr/local/bin:/usr/bin:/bin";
    snprintf(home_env, sizeof home_env, "HOME=%s", sb.work);
    envp[envc++] = home_env;
    envp[envc++] = "LC_ALL=C";
    envp[envc++] = trace_env;
    snprintf(preload_path, sizeof preload_path, "%s/preload.so", sb.stage);
    if (access(preload_path, R_OK) == 0) {
        /* An ASan program needs libasan first in LD_PRELOAD. */
        snprintf(preload_env, sizeof preload_env, "LD_PRELOAD=%s%s%s", asan_env_ok ? asan : "",
                 asan_env_ok ? ":" : "", preload_path);
        envp[envc++] = preload_env;
    }
    if (asan_env_ok)
        envp[envc++] = "ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99";
    if (p->split)
        envp[envc++] = split_env;
    if (spec->gate != NULL) {
        snprintf(gate_env, sizeof gate_env, "SHMLAB_GATE=%s", spec->gate);
        envp[envc++] = gate_env;
    }
    if (spec->fail != NULL) {
        snprintf(fail_env, sizeof fail_env, "SHMLAB_FAIL=%s", spec->fail);
        envp[envc++] = fail_env;
    }
    for (i = 0; spec->env != NULL && spec->env[i] != NULL && envc < 63; i++)
        envp[envc++] = (char *)spec->env[i];
    envp[envc] = NULL;

    if (chdir(sb.work) == -1)
        _exit(126);
    if (!sb.user_mode && geteuid() == 0) {
        /* Root (in the namespaces, or in the fallback): become the
         * unprivileged sandbox user. An ordinary user already is one. */
        if (setgroups(0, NULL) == -1 || setresgid(sb.gid, sb.gid, sb.gid) == -1 ||
            setresuid(sb.uid, sb.uid, sb.uid) == -1)
            _exit(126);
    }
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    execve(path, argv, envp);
    fprintf(stderr, "cannot run %s: %s\n", spec->program, strerror(errno));
    _exit(127);
}

/* The children of pid, from /proc (Linux CONFIG_PROC_CHILDREN); returns how many. */
static int children_of(pid_t pid, pid_t *kids, int max)
{
    char path[64];
    FILE *f;
    int n = 0, k;

    snprintf(path, sizeof path, "/proc/%d/task/%d/children", (int)pid, (int)pid);
    if ((f = fopen(path, "r")) == NULL)
        return 0;
    while (n < max && fscanf(f, "%d", &k) == 1)
        kids[n++] = (pid_t)k;
    fclose(f);
    return n;
}

/* All the descendants of pid (not pid itself), depth first; returns how many. */
static int descendants(pid_t pid, pid_t *out, int max)
{
    pid_t kids[256];
    int n = children_of(pid, kids, 256), total = 0, i;

    for (i = 0; i < n && total < max; i++) {
        total += descendants(kids[i], out + total, max - total);
        if (total < max)
            out[total++] = kids[i];
    }
    return total;
}

/* Kill every descendant of pid, again and again while new ones appear (a fork bomb). */
static void kill_descendants(pid_t pid)
{
    pid_t all[1024];
    int round, n, i;

    for (round = 0; round < 50; round++) {
        n = descendants(pid, all, 1024);
        if (n == 0)
            break;
        for (i = 0; i < n; i++)
            kill(all[i], SIGKILL);
    }
}

static pid_t program_pid;

/* init forwards the signals the test sends to the program's process group. */
static void forward(int sig)
{
    if (program_pid > 0)
        kill(-program_pid, sig);
}

/* pid 1 of the program's PID namespace. Never returns. */
static void run_init(const struct sb_spec *spec, const struct sb_proc *p, double timeout,
                     int report_fd)
{
    static const int forwarded[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2};
    struct report rep = {0, 0, 0};
    struct sigaction sa;
    siginfo_t si;
    pid_t w;
    size_t i;

    prctl(PR_SET_PDEATHSIG, SIGKILL); /* the test process died: so do we */
    if (sb.fallback)                  /* no PID namespace: orphans come back to us */
        prctl(PR_SET_CHILD_SUBREAPER, 1);
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = forward;
    for (i = 0; i < sizeof forwarded / sizeof forwarded[0]; i++)
        sigaction(forwarded[i], &sa, NULL);

    program_pid = fork();
    if (program_pid == -1)
        _exit(125);
    if (program_pid == 0) {
        close(report_fd);
        exec_program(spec, p, timeout);
    }
    for (;;) {
        w = waitpid(-1, &rep.status, 0);
        if (w == program_pid)
            break;
        if (w == -1 && errno != EINTR)
            _exit(125);
    }
    /* The program has ended; its children are now ours. Those already dead
     * are zombies it never waited for; those alive are still running. */
    for (;;) {
        memset(&si, 0, sizeof si);
        if (waitid(P_ALL, 0, &si, WEXITED | WNOHANG) == -1)
            break;
        if (si.si_pid == 0) {
            rep.orphans = 1;
            break;
        }
        rep.zombies++;
    }
    if (sb.fallback)
        kill_descendants(getpid());
    else
        kill(-1, SIGKILL); /* in our PID namespace: every process but us */
    while (wait(NULL) > 0 || errno == EINTR)
        ;
    if (write(report_fd, &rep, sizeof rep) != (ssize_t)sizeof rep)
        _exit(125);
    _exit(0);
}

static int make_file(const char *dir, const char *name, const char *text)
{
    char path[PATH_MAX + 16];
    int fd;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd == -1)
        return -1;
    if (text != NULL && write(fd, text, strlen(text)) != (ssize_t)strlen(text)) {
        close(fd);
        return -1;
    }
    return close(fd);
}

struct sb_proc *sb_start(const struct sb_spec *spec)
{
    struct sb_proc *p;
    double timeout = (spec->timeout > 0 ? spec->timeout : DEFAULT_TIMEOUT) * sb_timeout_scale();
    int pipefd[2];
    pid_t pid;

    if (!sb.entered && sb_enter() == -1)
        return NULL;
    p = calloc(1, sizeof *p);
    if (p == NULL)
        return NULL;
    p->split = spec->split_child_output;
    snprintf(p->dir, sizeof p->dir, "%s/run-%d", sb.stage, ++sb.runs);
    if (mkdir(p->dir, 0755) == -1 || make_file(p->dir, "in", spec->input) ||
        make_file(p->dir, "out", NULL) || make_file(p->dir, "err", NULL) ||
        make_file(p->dir, "trace", NULL) || make_file(p->dir, "child_out", NULL) ||
        pipe2(pipefd, O_CLOEXEC) == -1) {
        perror("sandbox: preparing a run");
        free(p);
        return NULL;
    }
    fflush(NULL);
    p->start = now();
    p->deadline = p->start + timeout;
    /* fork() into a new PID namespace: the child is its pid 1. */
    pid = (pid_t)syscall(SYS_clone, (unsigned long)((sb.fallback ? 0 : CLONE_NEWPID) | SIGCHLD),
                         NULL, NULL, NULL, 0);
    if (pid == -1) {
        perror("sandbox: clone(CLONE_NEWPID)");
        close(pipefd[0]);
        close(pipefd[1]);
        free(p);
        return NULL;
    }
    if (pid == 0) {
        close(pipefd[0]);
        run_init(spec, p, timeout, pipefd[1]);
    }
    close(pipefd[1]);
    p->init = pid;
    p->report_fd = pipefd[0];
    return p;
}

int sb_signal(struct sb_proc *proc, int sig)
{
    return kill(proc->init, sig);
}

void sb_end(struct sb_proc *proc)
{
    proc->deadline = now();
    proc->ended = 1;
}

/* Read at most READ_CAP bytes of a run's file into a new string. */
static char *slurp(const char *dir, const char *name, int *truncated)
{
    char path[PATH_MAX + 16], *buf;
    ssize_t n;
    struct stat st;
    int fd;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    buf = calloc(1, READ_CAP + 1);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (buf == NULL || fd == -1)
        return buf;
    n = read(fd, buf, READ_CAP);
    buf[n > 0 ? n : 0] = '\0';
    if (truncated != NULL && fstat(fd, &st) == 0 && st.st_size > READ_CAP)
        *truncated = 1;
    close(fd);
    return buf;
}

/* What the program's processes are doing: running, or blocked in what. */
static void diagnose(pid_t init, char *out, size_t size)
{
    char path[64], buf[512], wchan[64];
    pid_t all[1024];
    int total = 0, running = 0, in_semop = 0, in_wait = 0, stopped = 0, other = 0, n, i;
    size_t len;

    n = descendants(init, all, 1024);
    for (i = 0; i < n; i++) {
        FILE *f;
        char state = '?';

        snprintf(path, sizeof path, "/proc/%d/stat", (int)all[i]);
        if ((f = fopen(path, "r")) == NULL)
            continue;
        if (fgets(buf, sizeof buf, f) != NULL && strrchr(buf, ')') != NULL)
            state = strrchr(buf, ')')[2];
        fclose(f);
        wchan[0] = '\0';
        snprintf(path, sizeof path, "/proc/%d/wchan", (int)all[i]);
        if ((f = fopen(path, "r")) != NULL) {
            if (fgets(wchan, sizeof wchan, f) == NULL)
                wchan[0] = '\0';
            fclose(f);
        }
        total++;
        if (state == 'R')
            running++;
        else if (state == 'T' || state == 't')
            stopped++;
        else if (strstr(wchan, "sem") != NULL)
            in_semop++;
        else if (strstr(wchan, "wait") != NULL)
            in_wait++;
        else if (state != 'Z')
            other++;
    }
    if (running > 0)
        snprintf(out, size,
                 _("still running: %d of its %d processes were using the CPU (a loop that never "
                   "ends?)"),
                 running, total);
    else if (in_semop > 0)
        snprintf(out, size,
                 _("deadlock: %d processes blocked on a semaphore (semop), %d waiting for a child, "
                   "none running"),
                 in_semop, in_wait);
    else if (total > 0)
        snprintf(out, size,
                 _("blocked: %d processes, none running (%d stopped by a signal, %d waiting for a "
                   "child, %d blocked elsewhere: a read, a pause?)"),
                 total, stopped, in_wait, other);
    else
        snprintf(out, size, "%s", _("the program did not finish in time"));
    len = strlen(out);
    if (total >= MAX_PROCS && len + 60 < size)
        snprintf(out + len, size - len, _("; it reached the limit of %d processes (fork bomb?)"),
                 MAX_PROCS);
    len = strlen(out);
    if (in_semop > 0)
        ipc_describe_semaphores(out + len, size - len);
}

void sb_wait(struct sb_proc *p, struct sb_result *res)
{
    struct report rep;
    int status = 0, nap = 200;
    pid_t w;

    memset(res, 0, sizeof *res);
    for (;;) {
        struct timespec ts = {0, nap * 1000L};

        w = waitpid(p->init, &status, WNOHANG);
        if (w == p->init && sb.fallback)
            kill_descendants(getpid()); /* in case init was killed and left orphans to us */
        if (w == p->init || (w == -1 && errno != EINTR))
            break;
        if (now() > p->deadline) {
            res->timed_out = 1;
            res->ended_early = p->ended;
            diagnose(p->init, res->diagnosis, sizeof res->diagnosis);
            if (sb.fallback) /* no PID namespace to take them all down with init */
                kill_descendants(p->init);
            kill(p->init, SIGKILL);
            waitpid(p->init, &status, 0);
            break;
        }
        nanosleep(&ts, NULL);
        if (nap < 5000)
            nap *= 2;
    }
    res->seconds = now() - p->start;
    if (!res->timed_out && read(p->report_fd, &rep, sizeof rep) == (ssize_t)sizeof rep) {
        res->exited = WIFEXITED(rep.status);
        res->exit_status = res->exited ? WEXITSTATUS(rep.status) : 0;
        res->signaled = WIFSIGNALED(rep.status);
        res->signal = res->signaled ? WTERMSIG(rep.status) : 0;
        res->zombies = rep.zombies;
        res->orphans = rep.orphans;
    } else if (!res->timed_out) {
        snprintf(res->diagnosis, sizeof res->diagnosis, "%s",
                 _("the sandbox's init process failed"));
    }
    close(p->report_fd);
    res->out = slurp(p->dir, "out", &res->out_truncated);
    res->child_out = slurp(p->dir, "child_out", &res->out_truncated);
    res->err = slurp(p->dir, "err", NULL);
    res->trace = slurp(p->dir, "trace", NULL);
    if (res->signaled && res->signal == SIGXFSZ)
        res->out_truncated = 1;
    free(p);
}

void sb_run(const struct sb_spec *spec, struct sb_result *res)
{
    struct sb_proc *p = sb_start(spec);

    if (p == NULL) {
        memset(res, 0, sizeof *res);
        res->out = strdup("");
        res->child_out = strdup("");
        res->err = strdup(_("the grader could not start the program"));
        res->trace = strdup("");
        return;
    }
    sb_wait(p, res);
}

void sb_result_free(struct sb_result *res)
{
    free(res->out);
    free(res->child_out);
    free(res->err);
    free(res->trace);
    memset(res, 0, sizeof *res);
}

const char *sb_describe(const struct sb_result *res, char *buf, size_t size)
{
    char err[200];
    size_t i, n;

    if (res->ended_early)
        snprintf(buf, size, _("made no progress, and the grader ended it (%s)"), res->diagnosis);
    else if (res->timed_out)
        snprintf(buf, size, _("did not finish in time (%s)"), res->diagnosis);
    else if (res->signaled)
        snprintf(buf, size, _("was killed by signal %d (%s)%s"), res->signal,
                 strsignal(res->signal),
                 res->signal == SIGSEGV ? _(": it used an invalid address") : "");
    else if (res->exited)
        snprintf(buf, size, _("exited with status %d"), res->exit_status);
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

const char *sb_calls(const struct sb_result *res, char *buf, size_t size)
{
    long pids[16], parent = -1;
    int npids = 0, shown = 0, i;
    const char *line = res->trace;
    size_t len = 0;

    buf[0] = '\0';
    while (line != NULL && *line != '\0' && len + 40 < size) {
        const char *end = strchr(line, '\n'), *call;
        long pid = strtol(line, (char **)&call, 10), child;
        int n = end != NULL ? (int)(end - call) : (int)strlen(call);
        const char *who = _("child");

        if (strncmp(call, " start", 6) == 0) { /* the preload's first line: the program's pid */
            if (parent == -1)
                parent = pid;
            line = end != NULL ? end + 1 : NULL;
            continue;
        }
        if (parent == -1)
            parent = pid;
        if (pid == parent)
            who = _("parent");
        for (i = 0; i < npids && pids[i] != pid; i++)
            ;
        if (pid != parent && i == npids && npids < 16)
            pids[npids++] = pid;
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
        else
            len +=
                (size_t)snprintf(buf + len, size - len, "%s%s%.*s", len ? "; " : "", who, n, call);
        if (len >= size)
            break;
        line = end != NULL ? end + 1 : NULL;
    }
    if (buf[0] == '\0')
        snprintf(buf, size, "%s", _("no IPC call at all"));
    return buf;
}

/*
 * sandbox.c - see sandbox.h.
 *
 * Processes, from the host's point of view:
 *
 *   Check's runner
 *     `- test process        sb_enter(): new IPC, mount and network
 *          |                 namespaces, the whitelist view (view.h)
 *          `- init           sb_start(): pid 1 of a new PID namespace (ours),
 *               |            with a /proc of its own
 *               `- program   the student's binary, unprivileged, bounded
 *                    `- ...  whatever it forks (dies with init)
 *
 * As an ordinary user (MODE_USER) the test process is root of a user
 * namespace of its own while it builds the namespaces and sets the IPC
 * limits, then moves into a nested user namespace where it is the user
 * again: programs it runs have no capability at all, and the limits, owned
 * by the outer namespace, cannot be raised from inside.
 *
 * Inputs from the environment (protocol.h): SHMLAB_SANDBOX, SHMLAB_BIN_DIR,
 * SHMLAB_PRELOAD, SHMLAB_TIMEOUT_SCALE, SHMLAB_SANITIZE, and in the fallback
 * SHMLAB_FALLBACK_UID (set by the suite, which cleans up after that uid).
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
#include "trace_file.h"
#include "userns.h"
#include "view.h"

#define DEFAULT_TIMEOUT 5.0
#define READ_CAP        (64L << 10) /* bytes of each output kept for feedback */
#define SANITIZE_MEMORY (2L << 30)  /* memory of a run built with --sanitize */
#define CGROUP_MEMORY   "/sys/fs/cgroup/memory"

static struct {
    int entered;
    enum mode mode;
    char stage[PATH_MAX]; /* the programs, copied */
    char runs[PATH_MAX];  /* the runs' files */
    char work[PATH_MAX];  /* where programs start */
    char preload[PATH_MAX];
    uid_t uid;
    gid_t gid;
    int runs_n;
    long nproc_base; /* processes the user already has (user mode) */
    int cgroup_fd;   /* the memory controller's folder (as root), or -1 */
    int trace_dir;   /* SHMLAB_TRACE_DIR, opened before the view hides it, or -1 */
} sb = {.cgroup_fd = -1, .trace_dir = -1};

struct sb_diag {
    struct sb_proc *p;
    struct sb_result *res;
};

static int own_memory_cgroup(void);
static void cgroup_join(const struct sb_proc *p);

/* What init sends back to the test process. */
struct init_report {
    int status; /* as from waitpid() */
    int zombies;
    int orphans;
};

double sb_timeout_scale(void)
{
    const char *s = getenv(ENV_TIMEOUT_SCALE);
    double scale = s ? strtod(s, NULL) : 1.0;

    return scale > 0 ? scale : 1.0;
}

static int sanitizing(void)
{
    const char *asan = getenv(ENV_SANITIZE);

    return asan != NULL && strcmp(asan, "0") != 0;
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

/* Copy the open file in to path. */
static int copy_fd(int in, const char *path, mode_t mode)
{
    char buf[65536];
    ssize_t n;
    int out = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode), ok = 0;

    if (out == -1)
        return -1;
    while ((n = read(in, buf, sizeof buf)) > 0)
        if (write(out, buf, (size_t)n) != n)
            ok = -1;
    if (n == -1)
        ok = -1;
    return close(out) == -1 ? -1 : ok;
}

/* Copy every regular file of the directory dirfd into the stage folder. */
static int stage_files(int dirfd, int preload_fd)
{
    DIR *d = fdopendir(dirfd);
    struct dirent *e;
    int ok = 0;

    if (d == NULL)
        return -1;
    while ((e = readdir(d)) != NULL) {
        struct stat st;
        char path[PATH_MAX];
        int in;

        if (fstatat(dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1 || !S_ISREG(st.st_mode))
            continue;
        in = openat(dirfd, e->d_name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        snprintf(path, sizeof path, "%s/%s", sb.stage, e->d_name);
        if (in == -1 || copy_fd(in, path, 0755) == -1)
            ok = -1;
        if (in != -1)
            close(in);
    }
    closedir(d);
    sb.preload[0] = '\0';
    if (preload_fd != -1) {
        snprintf(sb.preload, sizeof sb.preload, "%s/preload.so", sb.stage);
        if (copy_fd(preload_fd, sb.preload, 0755) == -1)
            ok = -1;
        close(preload_fd);
    }
    return ok;
}

/*
 * The IPC namespace's own limits (they are per namespace): enough for any
 * lab, far below what could hurt the host. SHMMNI stays at the usual 4096,
 * which the notes teach; the bytes of all segments together are bounded.
 */
static int set_ipc_limits(void)
{
    long shm_bytes = sanitizing() ? 1L << 30 : 256L << 20;
    char text[64];

    snprintf(text, sizeof text, "%ld\n", shm_bytes);
    if (write_proc_file("/proc/sys/kernel/shmmax", text) == -1)
        return -1;
    snprintf(text, sizeof text, "%ld\n", shm_bytes / 4096);
    if (write_proc_file("/proc/sys/kernel/shmall", text) == -1 ||
        write_proc_file("/proc/sys/kernel/shmmni", "4096\n") == -1)
        return -1;
    /* semaphores per set, in all, operations per semop, sets */
    if (write_proc_file("/proc/sys/kernel/sem", "250 32000 64 256\n") == -1)
        return -1;
    if (write_proc_file("/proc/sys/kernel/msgmni", "64\n") == -1 ||
        write_proc_file("/proc/sys/kernel/msgmnb", "16384\n") == -1 ||
        write_proc_file("/proc/sys/kernel/msgmax", "8192\n") == -1)
        return -1;
    return 0;
}

/* Bring up the loopback interface of our network namespace (best effort). */
static void loopback_up(void)
{
    struct ifreq ifr;
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

    if (s == -1)
        return;
    memset(&ifr, 0, sizeof ifr);
    snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "lo");
    if (ioctl(s, SIOCGIFFLAGS, &ifr) == 0) {
        ifr.ifr_flags |= IFF_UP;
        if (ioctl(s, SIOCSIFFLAGS, &ifr) == -1) {
            /* a program without a network is still graded */
        }
    }
    close(s);
}

/*
 * Fallback, without namespaces (SHMLAB_SANDBOX=fallback): programs share
 * the host's IPC objects, /tmp and /dev/shm. As root, each test's programs
 * run as a uid of their own (chosen by the suite, SHMLAB_FALLBACK_UID), and
 * the suite removes what that uid created, nothing else. The test process
 * becomes a child subreaper, so that every process a program leaves behind
 * is re-parented to it and killed.
 */
static int enter_fallback(int bin_fd, int preload_fd)
{
    const char *chosen = getenv("SHMLAB_FALLBACK_UID");

    if (geteuid() == 0) {
        sb.uid = sb.gid = chosen != NULL ? (uid_t)atol(chosen)
                                         : (uid_t)(SANDBOX_UID_BASE + getpid() % SANDBOX_UID_COUNT);
    } else {
        /* Not root: the programs run as the user, whose other processes
         * count against RLIMIT_NPROC too. */
        sb.uid = getuid(), sb.gid = getgid();
        sb.nproc_base = count_processes(sb.uid);
    }
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    /* The host's objects are visible: only what appears from now on is ours. */
    ipc_set_baseline(ipc_inventory_take(), sb.uid, getpid());
    /* Named after the suite's process, which removes it after the test. */
    snprintf(sb.stage, sizeof sb.stage, "/tmp/shmlab-stage-%d-%d", (int)getppid(), (int)getpid());
    snprintf(sb.runs, sizeof sb.runs, "%s", sb.stage);
    snprintf(sb.work, sizeof sb.work, "%s/work", sb.stage);
    if (mkdir(sb.stage, 0755) == -1 || stage_files(bin_fd, preload_fd) == -1 ||
        mkdir(sb.work, 0755) == -1 || chown(sb.work, sb.uid, sb.gid) == -1) {
        perror("sandbox: staging the programs");
        return -1;
    }
    sb.entered = 1;
    return 0;
}

/* As an ordinary user: move into a nested user namespace, as the user again. */
static int become_user_again(uid_t uid, gid_t gid)
{
    return enter_user_namespace(uid, 0, gid, 0);
}

static int enter_namespaces(int bin_fd, int preload_fd)
{
    uid_t ruid = getuid();
    gid_t rgid = getgid();
    struct view_spec view = {0};
    char why[512];

    if (sb.mode == MODE_USER)
        sb.nproc_base = count_processes(ruid);
    if (sb.mode == MODE_ROOT)
        sb.cgroup_fd = own_memory_cgroup();
    if (mode_enter_namespaces(sb.mode) == -1) {
        fprintf(stderr, "sandbox: cannot enter the namespaces (%s): %s\n", mode_name(sb.mode),
                strerror(errno));
        return -1;
    }
    if (set_ipc_limits() == -1) {
        fprintf(stderr, "sandbox: cannot set the IPC namespace's limits: %s\n", strerror(errno));
        return -1;
    }
    loopback_up();
    if (sb.mode == MODE_ROOT) { /* a uid of its own per test: RLIMIT_NPROC counts only this test */
        sb.uid = sb.gid = (uid_t)(SANDBOX_UID_BASE + getpid() % SANDBOX_UID_COUNT);
        view.owner = sb.uid, view.group = sb.gid;
    } else {
        sb.uid = ruid, sb.gid = rgid; /* the owner is root of our namespace: the user */
    }
    view.uid = sb.uid, view.gid = sb.gid;
    view.tmp_bytes = sanitizing() ? 512L << 20 : 0;
    if (view_enter(&view, why, sizeof why) == -1) {
        fprintf(stderr, "sandbox: cannot build the program's view of the system: %s\n", why);
        return -1;
    }
    snprintf(sb.stage, sizeof sb.stage, VIEW_GRADER_DIR "/bin");
    snprintf(sb.runs, sizeof sb.runs, VIEW_RUNS_DIR);
    snprintf(sb.work, sizeof sb.work, "/tmp/work");
    if (mkdir(sb.stage, 0755) == -1 || stage_files(bin_fd, preload_fd) == -1) {
        perror("sandbox: staging the programs");
        return -1;
    }
    if (mkdir(sb.work, 0755) == -1 ||
        (sb.mode == MODE_ROOT && chown(sb.work, sb.uid, sb.gid) == -1)) {
        perror("sandbox: /tmp/work");
        return -1;
    }
    if (view_seal() == -1) {
        perror("sandbox: making the view read-only");
        return -1;
    }
    if (sb.mode == MODE_USER && become_user_again(ruid, rgid) == -1) {
        perror("sandbox: nested user namespace");
        return -1;
    }
    sb.entered = 1;
    return 0;
}

int sb_enter(void)
{
    const char *bin_dir = getenv(ENV_BIN_DIR);
    const char *preload = getenv(ENV_PRELOAD);
    int bin_fd, preload_fd = -1;

    if (sb.entered)
        return 0;
    if (bin_dir == NULL) {
        fprintf(stderr, "sandbox: " ENV_BIN_DIR " is not set\n");
        return -1;
    }
    /* Open what we need before the view leaves it behind. */
    bin_fd = open(bin_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (bin_fd == -1) {
        fprintf(stderr, "sandbox: %s: %s\n", bin_dir, strerror(errno));
        return -1;
    }
    if (preload != NULL && *preload != '\0')
        preload_fd = open(preload, O_RDONLY | O_CLOEXEC);
    if (getenv(ENV_TRACE_DIR) != NULL)
        sb.trace_dir = open(getenv(ENV_TRACE_DIR), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    sb.mode = mode_current();
    if (sb.mode == MODE_FALLBACK || sb.mode == MODE_OFF)
        return enter_fallback(bin_fd, preload_fd);
    return enter_namespaces(bin_fd, preload_fd);
}

int sb_isolated(void)
{
    return sb.entered && (sb.mode == MODE_ROOT || sb.mode == MODE_USER);
}

const char *sb_mode(void)
{
    return mode_text(sb.mode);
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

char *sb_read_file(const char *name, size_t cap)
{
    char path[PATH_MAX + 8], *buf;
    struct stat st;
    ssize_t n;
    size_t len = 0;
    int fd;

    snprintf(path, sizeof path, "%s/%s", sb.work, name);
    /* The program chose what is at this path: a link, a fifo or a device is refused. */
    fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd == -1)
        return NULL;
    if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) || (buf = malloc(cap + 1)) == NULL) {
        close(fd);
        errno = EINVAL;
        return NULL;
    }
    while (len < cap && (n = read(fd, buf + len, cap - len)) > 0)
        len += (size_t)n;
    buf[len] = '\0';
    close(fd);
    return buf;
}

static void set_limit(int resource, rlim_t value)
{
    struct rlimit rl = {value, value};

    setrlimit(resource, &rl);
}

/*
 * The preload's settings travel in a pipe (CONTROL_FD) that it reads once
 * and closes, never in the environment, where the program could read them.
 * An spec->env entry "SHMLAB_X=v" becomes the setting "X=v".
 */
static int control_pipe(const struct sb_spec *spec)
{
    char text[2048];
    size_t len = 0;
    int fd[2], i;

    text[0] = '\0';
    if (spec->gate != NULL)
        len += (size_t)snprintf(text + len, sizeof text - len, "GATE=%s\n", spec->gate);
    if (spec->fail != NULL && len < sizeof text)
        len += (size_t)snprintf(text + len, sizeof text - len, "FAIL=%s\n", spec->fail);
    for (i = 0; spec->env != NULL && spec->env[i] != NULL && len < sizeof text; i++)
        if (strncmp(spec->env[i], "SHMLAB_", 7) == 0)
            len += (size_t)snprintf(text + len, sizeof text - len, "%s\n", spec->env[i] + 7);
    if (len >= sizeof text || pipe2(fd, O_CLOEXEC) == -1)
        return -1;
    if (write(fd[1], text, len) != (ssize_t)len) /* far below a pipe's capacity */
        return -1;
    close(fd[1]);
    return fd[0];
}

/* Put fd at number target for the program (without close-on-exec). */
static void place(int fd, int target)
{
    if (fd == -1)
        _exit(126);
    if (fd == target) {
        fcntl(fd, F_SETFD, 0);
        return;
    }
    if (dup2(fd, target) == -1)
        _exit(126);
    close(fd);
}

/* In the program's process: files, limits, identity, then execve(). */
static void exec_program(const struct sb_spec *spec, const struct sb_proc *p, double timeout)
{
    char path[PATH_MAX], *argv[64], *envp[64], file[PATH_MAX + 16];
    char preload_env[2 * PATH_MAX + 64], home_env[PATH_MAX + 8];
    const char *asan = getenv(ENV_SANITIZE);
    int argc = 0, envc = 0, fd, i, control;
    static const char *const files[] = {"in", "out", "err", "trace", "child_out"};

    setpgid(0, 0);
    control = control_pipe(spec);
    if (control == -1 || (control = fcntl(control, F_DUPFD_CLOEXEC, 100)) == -1)
        _exit(126);
    for (i = 0; i < 5; i++) {
        if (i == CHILD_OUT_FD && !p->split)
            break;
        snprintf(file, sizeof file, "%s/%s", p->dir, files[i]);
        /* The trace read-write: the preload maps it (protocol.h). */
        place(open(file, (i == 0 ? O_RDONLY : (i == TRACE_FD ? O_RDWR : O_WRONLY) | O_APPEND) |
                             O_CLOEXEC),
              i);
    }
    if (!p->split)
        place(open("/dev/null", O_WRONLY | O_CLOEXEC), CHILD_OUT_FD);
    place(control, CONTROL_FD);
    for (fd = CONTROL_FD + 1; fd < 1024; fd++)
        close(fd);

    set_limit(RLIMIT_CPU, (rlim_t)timeout + 2);
    set_limit(RLIMIT_NPROC, (rlim_t)(MAX_PROCS + sb.nproc_base));
    set_limit(RLIMIT_FSIZE, OUTPUT_CAP);
    set_limit(RLIMIT_CORE, 0);
    set_limit(RLIMIT_NOFILE, 256);
    if (!sanitizing()) /* AddressSanitizer reserves terabytes: the cgroup bounds it */
        set_limit(RLIMIT_AS, MEMORY_CAP);

    snprintf(path, sizeof path, "%s/%s", sb.stage, spec->program);
    argv[argc++] = (char *)spec->program;
    for (i = 0; spec->args != NULL && spec->args[i] != NULL && argc < 63; i++)
        argv[argc++] = (char *)spec->args[i];
    argv[argc] = NULL;

    envp[envc++] = "PATH=/usr/local/bin:/usr/bin:/bin";
    snprintf(home_env, sizeof home_env, "HOME=%s", sb_isolated() ? VIEW_HOME : sb.work);
    envp[envc++] = home_env;
    envp[envc++] = "LC_ALL=C";
    if (getenv(ENV_NO_TRACE) == NULL) /* set only to measure the tracer (bench) */
        envp[envc++] = ENV_TRACE_FD "=3";
    envp[envc++] = ENV_CONTROL_FD "=5";
    if (sb.preload[0] != '\0') {
        /* An ASan program needs libasan first in LD_PRELOAD. */
        snprintf(preload_env, sizeof preload_env, "LD_PRELOAD=%s%s%s", sanitizing() ? asan : "",
                 sanitizing() ? ":" : "", sb.preload);
        envp[envc++] = preload_env;
    }
    if (sanitizing())
        envp[envc++] = "ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99";
    if (p->split)
        envp[envc++] = ENV_CHILD_OUT_FD "=4";
    for (i = 0; spec->env != NULL && spec->env[i] != NULL && envc < 63; i++)
        if (strncmp(spec->env[i], "SHMLAB_", 7) != 0)
            envp[envc++] = (char *)spec->env[i];
    envp[envc] = NULL;

    if (chdir(sb.work) == -1)
        _exit(126);
    if (sb.mode != MODE_USER && geteuid() == 0) {
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
    struct init_report rep = {0, 0, 0};
    struct sigaction sa;
    siginfo_t si;
    pid_t w;
    size_t i;

    prctl(PR_SET_PDEATHSIG, SIGKILL); /* the test process died: so do we */
    cgroup_join(p);                   /* first: all the program forks is in it too */
    if (!sb_isolated())               /* no PID namespace: orphans come back to us */
        prctl(PR_SET_CHILD_SUBREAPER, 1);
    else if (unshare(CLONE_NEWNS) == -1 || view_own_proc() == -1)
        _exit(124); /* a /proc of our own: only the program's processes */
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
    if (!sb_isolated())
        sb_kill_descendants(getpid());
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

/*
 * The memory cgroup this process is in (cgroup v1), as an open folder, or
 * -1: the runs' cgroups go inside it, so that a limit the caller set (a
 * teacher's, a CI's) still holds for them.
 */
static int own_memory_cgroup(void)
{
    char line[512], path[PATH_MAX + 64];
    FILE *f = fopen("/proc/self/cgroup", "r");
    int fd = -1;

    while (f != NULL && fgets(line, sizeof line, f) != NULL) {
        char *controllers = strchr(line, ':'), *where;

        if (controllers == NULL || (where = strchr(controllers + 1, ':')) == NULL)
            continue;
        *where++ = '\0';
        where[strcspn(where, "\n")] = '\0';
        /* "N:memory:/path" (v1); several controllers may share a line. */
        if (strstr(controllers + 1, "memory") == NULL)
            continue;
        snprintf(path, sizeof path, CGROUP_MEMORY "%s", where);
        if (access(path, W_OK) == 0)
            fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        break;
    }
    if (f != NULL)
        fclose(f);
    return fd;
}

/* As root with a memory controller: a cgroup of its own for the run, capped. */
static void cgroup_create(struct sb_proc *p)
{
    char path[128], text[32];
    int fd;

    p->cgroup[0] = '\0';
    if (sb.cgroup_fd == -1)
        return;
    snprintf(p->cgroup, sizeof p->cgroup, "shmlab-%d-%d", (int)getpid(), sb.runs_n);
    if (mkdirat(sb.cgroup_fd, p->cgroup, 0755) == -1) {
        p->cgroup[0] = '\0';
        return;
    }
    snprintf(path, sizeof path, "%s/memory.limit_in_bytes", p->cgroup);
    snprintf(text, sizeof text, "%ld\n", sanitizing() ? SANITIZE_MEMORY : MEMORY_CAP);
    fd = openat(sb.cgroup_fd, path, O_WRONLY | O_CLOEXEC);
    if (fd == -1 || write(fd, text, strlen(text)) == -1) {
        if (fd != -1)
            close(fd);
        unlinkat(sb.cgroup_fd, p->cgroup, AT_REMOVEDIR);
        p->cgroup[0] = '\0';
        return;
    }
    close(fd);
}

/* Put the calling process (init, before it forks the program) in the run's cgroup. */
static void cgroup_join(const struct sb_proc *p)
{
    char path[128], text[] = "0\n"; /* 0: the writer itself */
    int fd;

    if (p->cgroup[0] == '\0')
        return;
    snprintf(path, sizeof path, "%s/cgroup.procs", p->cgroup);
    fd = openat(sb.cgroup_fd, path, O_WRONLY | O_CLOEXEC);
    if (fd != -1) {
        if (write(fd, text, strlen(text)) == -1) {
            /* the run is bounded by its rlimits alone */
        }
        close(fd);
    }
}

/* Did the run's cgroup kill a process for memory? Then remove the cgroup. */
static int cgroup_finish(const struct sb_proc *p)
{
    char path[128], text[512];
    int fd, killed = 0;
    ssize_t n;

    if (p->cgroup[0] == '\0')
        return 0;
    snprintf(path, sizeof path, "%s/memory.oom_control", p->cgroup);
    fd = openat(sb.cgroup_fd, path, O_RDONLY | O_CLOEXEC);
    if (fd != -1) {
        n = read(fd, text, sizeof text - 1);
        text[n > 0 ? n : 0] = '\0';
        killed = strstr(text, "oom_kill ") != NULL && strstr(text, "oom_kill 0") == NULL;
        close(fd);
    }
    unlinkat(sb.cgroup_fd, p->cgroup, AT_REMOVEDIR);
    return killed;
}

void sb_remove_stale_cgroups(void)
{
    int dir = own_memory_cgroup();
    DIR *d = dir != -1 ? fdopendir(dir) : NULL;
    struct dirent *e;

    while (d != NULL && (e = readdir(d)) != NULL) {
        char proc[32];
        long test;

        if (strncmp(e->d_name, "shmlab-", 7) != 0 || (test = atol(e->d_name + 7)) <= 0)
            continue;
        snprintf(proc, sizeof proc, "/proc/%ld", test);
        if (access(proc, F_OK) == -1)               /* its test has ended */
            unlinkat(dir, e->d_name, AT_REMOVEDIR); /* refused while a process is in it */
    }
    if (d != NULL)
        closedir(d);
    else if (dir != -1)
        close(dir);
}

/* "program arg ...", on one line, for the run's file. */
static char *run_words(const struct sb_spec *spec)
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
static void save_run(const struct sb_proc *p, const struct sb_result *res)
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
static void strip_timeline_lines(char *trace)
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
    p->what = run_words(spec);
    snprintf(p->dir, sizeof p->dir, "%s/run-%d", sb.runs, ++sb.runs_n);
    if (mkdir(p->dir, 0700) == -1 || make_file(p->dir, "in", spec->input) ||
        make_file(p->dir, "out", NULL) || make_file(p->dir, "err", NULL) ||
        make_file(p->dir, "trace", NULL) || make_file(p->dir, "child_out", NULL) ||
        pipe2(pipefd, O_CLOEXEC) == -1) {
        perror("sandbox: preparing a run");
        free(p->what);
        free(p);
        return NULL;
    }
    cgroup_create(p);
    fflush(NULL);
    p->start = child_now();
    p->deadline = p->start + timeout;
    /* fork() into a new PID namespace: the child is its pid 1. */
    pid = (pid_t)syscall(SYS_clone, (unsigned long)((sb_isolated() ? CLONE_NEWPID : 0) | SIGCHLD),
                         NULL, NULL, NULL, 0);
    if (pid == -1) {
        perror("sandbox: clone(CLONE_NEWPID)");
        close(pipefd[0]);
        close(pipefd[1]);
        cgroup_finish(p);
        free(p->what);
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
    proc->deadline = child_now();
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
    fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (buf == NULL || fd == -1)
        return buf;
    n = read(fd, buf, READ_CAP);
    buf[n > 0 ? n : 0] = '\0';
    if (truncated != NULL && fstat(fd, &st) == 0 && st.st_size > READ_CAP)
        *truncated = 1;
    close(fd);
    return buf;
}

/* At the deadline, before init is killed: what were its processes doing? */
static void at_deadline(void *ctx)
{
    struct sb_diag *d = ctx;

    d->res->timed_out = 1;
    d->res->ended_early = d->p->ended;
    sb_diagnose(d->p->init, d->res->diagnosis, sizeof d->res->diagnosis);
    if (!sb_isolated()) /* no PID namespace to take them all down with init */
        sb_kill_descendants(d->p->init);
}

void sb_wait(struct sb_proc *p, struct sb_result *res)
{
    struct init_report rep;
    struct sb_diag diag = {p, res};
    int status = 0;

    memset(res, 0, sizeof *res);
    child_wait(p->init, p->deadline, &status, at_deadline, &diag);
    if (!sb_isolated())
        sb_kill_descendants(getpid()); /* in case init was killed and left orphans to us */
    res->seconds = child_now() - p->start;
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
    if (cgroup_finish(p)) /* MiB, for the feedback */
        res->memory_limit = (sanitizing() ? SANITIZE_MEMORY : MEMORY_CAP) >> 20;
    res->out = slurp(p->dir, "out", &res->out_truncated);
    res->child_out = slurp(p->dir, "child_out", &res->out_truncated);
    res->err = slurp(p->dir, "err", NULL);
    {
        char path[PATH_MAX + 16];

        snprintf(path, sizeof path, "%s/trace", p->dir);
        trace_file_finish(path); /* the preload's mapped file, plain lines again */
    }
    res->trace = slurp(p->dir, "trace", NULL);
    if (res->signaled && res->signal == SIGXFSZ)
        res->out_truncated = 1;
    /* Killed before the preload wrote its first line: the loader gave up
     * (a program too large for the address-space limit dies so). */
    if (res->signaled && (res->signal == SIGSEGV || res->signal == SIGKILL) &&
        sb.preload[0] != '\0' && strstr(res->trace, " start") == NULL && !res->memory_limit)
        res->not_loaded = 1;
    save_run(p, res);
    strip_timeline_lines(res->trace);
    free(p->what);
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

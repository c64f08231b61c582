/*
 * sandbox.c - see sandbox.h: starting a program in the sandbox, and waiting
 * for it. Entering the sandbox is sb_enter.c; the runs' memory cgroups
 * sb_cgroup.c; the runs' files for the feedback page sb_runs.c.
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

struct sb_state sb = {.cgroup_fd = -1, .trace_dir = -1};

struct sb_diag {
    struct sb_proc *p;
    struct sb_result *res;
};

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

int sanitizing(void)
{
    const char *asan = getenv(ENV_SANITIZE);

    return asan != NULL && strcmp(asan, "0") != 0;
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
        /* A read that fails: the view's root, which the program can open
         * by its name anyway (so the descriptor gives it nothing more),
         * and where a read returns EISDIR. */
        if (i == 0 && spec->input_fails) {
            place(open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC), 0);
            continue;
        }
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
    if (sig == SIGKILL)
        proc->killed = 1;
    return kill(proc->init, sig);
}

void sb_end(struct sb_proc *proc)
{
    proc->deadline = child_now();
    proc->ended = 1;
}

/* Read at most cap bytes of a run's file into a new string. */
static char *slurp(const char *dir, const char *name, long cap, int *truncated)
{
    char path[PATH_MAX + 16], *buf;
    ssize_t n;
    struct stat st;
    int fd;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    buf = calloc(1, (size_t)cap + 1);
    fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (buf == NULL || fd == -1)
        return buf;
    n = read(fd, buf, (size_t)cap);
    buf[n > 0 ? n : 0] = '\0';
    if (truncated != NULL && fstat(fd, &st) == 0 && st.st_size > cap)
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
    } else if (!res->timed_out && p->killed) {
        res->stopped = 1; /* init went with the program, before its report */
    } else if (!res->timed_out) {
        snprintf(res->diagnosis, sizeof res->diagnosis, "%s",
                 _("the sandbox's init process failed"));
    }
    close(p->report_fd);
    if (cgroup_finish(p)) /* MiB, for the feedback */
        res->memory_limit = (sanitizing() ? SANITIZE_MEMORY : MEMORY_CAP) >> 20;
    res->out = slurp(p->dir, "out", READ_CAP, &res->out_truncated);
    res->child_out = slurp(p->dir, "child_out", READ_CAP, &res->out_truncated);
    res->err = slurp(p->dir, "err", READ_CAP, NULL);
    {
        char path[PATH_MAX + 16];

        snprintf(path, sizeof path, "%s/trace", p->dir);
        trace_file_finish(path); /* the preload's mapped file, plain lines again */
    }
    /* The whole trace: a suite that replays it (lab 05's records) must not
     * meet a line cut in the middle. */
    res->trace = slurp(p->dir, "trace", TRACE_CAP, NULL);
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

/*
 * sb_enter.c - a test process enters the sandbox (sandbox.h, sb_enter()):
 * the programs staged, the namespaces made (or the fallback), the limits
 * set, and what the other parts ask of it afterwards.
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
#include "userns.h"
#include "view.h"

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

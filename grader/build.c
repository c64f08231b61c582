/*
 * build.c - compile one lab of a submission, isolated.
 *
 * A submission's source could `#include "/path/to/kit/solutions/..."` and so
 * compile the reference solution, or `#include "/etc/shadow"` and read it in
 * the compiler's messages. So the lab is compiled from copies, in a mount
 * namespace where the kit's folder and the submissions' folder are hidden,
 * as an unprivileged user:
 *
 *   OUT/src/     the lab's .c and .h files (regular files only, capped)
 *   OUT/common/  the kit's common/ helpers
 *   OUT/mk/      the kit's build rules (mk/lab.mk)
 *   OUT/bin/     the programs
 *   OUT/build.log  what the compiler said
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
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "build.h"

#define MAX_FILES 64        /* source files copied from a lab folder */
#define MAX_SIZE  (1 << 20) /* bytes per source file */
#define BUILD_UID 59999     /* the unprivileged compiler, when we are root */

/* Copy one regular file (not a link) of at most MAX_SIZE bytes. */
static int copy_file(const char *from, const char *to)
{
    char buf[65536];
    struct stat st;
    int in, out, ok = 0;
    ssize_t n;

    if (lstat(from, &st) == -1 || !S_ISREG(st.st_mode) || st.st_size > MAX_SIZE)
        return -1;
    in = open(from, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (in == -1 || out == -1)
        ok = -1;
    while (ok == 0 && (n = read(in, buf, sizeof buf)) > 0)
        if (write(out, buf, (size_t)n) != n)
            ok = -1;
    if (in != -1)
        close(in);
    if (out != -1 && close(out) == -1)
        ok = -1;
    return ok;
}

/* Copy the .c and .h files of from/ into to/; returns how many, or -1. */
static int copy_sources(const char *from, const char *to)
{
    DIR *d = opendir(from);
    struct dirent *e;
    int n = 0;

    if (d == NULL || mkdir(to, 0755) == -1) {
        if (d != NULL)
            closedir(d);
        return -1;
    }
    while ((e = readdir(d)) != NULL && n <= MAX_FILES) {
        size_t len = strlen(e->d_name);
        char a[PATH_MAX], b[PATH_MAX];

        if (len < 3 || e->d_name[0] == '.' || e->d_name[len - 2] != '.' ||
            (e->d_name[len - 1] != 'c' && e->d_name[len - 1] != 'h'))
            continue;
        snprintf(a, sizeof a, "%s/%s", from, e->d_name);
        snprintf(b, sizeof b, "%s/%s", to, e->d_name);
        if (copy_file(a, b) == 0)
            n++;
    }
    closedir(d);
    return n > MAX_FILES ? -1 : n;
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

/* In the child: namespaces, hidden folders, identity. 0 if isolated, -1 if not. */
static int isolate(char *const hide[])
{
    uid_t uid = getuid();
    gid_t gid = getgid();
    char map[64];
    int i;

    if (geteuid() == 0) {
        if (unshare(CLONE_NEWNS) == -1)
            return -1;
    } else {
        if (unshare(CLONE_NEWUSER | CLONE_NEWNS) == -1)
            return -1;
        snprintf(map, sizeof map, "%u %u 1\n", (unsigned)uid, (unsigned)uid);
        if (write_file("/proc/self/setgroups", "deny") || write_file("/proc/self/uid_map", map))
            return -1;
        snprintf(map, sizeof map, "%u %u 1\n", (unsigned)gid, (unsigned)gid);
        if (write_file("/proc/self/gid_map", map))
            return -1;
    }
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == -1)
        return -1;
    for (i = 0; hide[i] != NULL; i++)
        if (mount("tmpfs", hide[i], "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=000,size=4k"))
            return -1;
    return 0;
}

/* chown -R, for the unprivileged compiler. */
static void give_tree(const char *path, uid_t uid)
{
    DIR *d = opendir(path);
    struct dirent *e;

    if (chown(path, uid, uid) == -1 || d == NULL) {
        if (d != NULL)
            closedir(d);
        return;
    }
    while ((e = readdir(d)) != NULL) {
        char sub[PATH_MAX];
        struct stat st;

        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
        if (lstat(sub, &st) == 0 && S_ISDIR(st.st_mode))
            give_tree(sub, uid);
        else if (chown(sub, uid, uid) == -1)
            break;
    }
    closedir(d);
}

int build_lab(const char *top, const char *src, char *const hide[], const char *out,
              const char *programs, const char *cflags, int seconds, int *isolated)
{
    char path[PATH_MAX], from[PATH_MAX], top_var[PATH_MAX + 8], src_var[PATH_MAX + 8];
    char out_var[PATH_MAX + 8], prog_var[1024], mk[PATH_MAX], cflags_var[512];
    int status = -1, fd[2];
    time_t deadline = time(NULL) + seconds;
    pid_t pid;
    char ok;

    snprintf(path, sizeof path, "%s/src", out);
    if (mkdir(out, 0755) == -1 || copy_sources(src, path) == -1)
        return -1;
    snprintf(from, sizeof from, "%s/common", top);
    snprintf(path, sizeof path, "%s/common", out);
    if (copy_sources(from, path) == -1)
        return -1;
    snprintf(path, sizeof path, "%s/mk", out);
    snprintf(from, sizeof from, "%s/mk/lab.mk", top);
    snprintf(mk, sizeof mk, "%s/mk/lab.mk", out);
    if (mkdir(path, 0755) == -1 || copy_file(from, mk) == -1)
        return -1;
    snprintf(path, sizeof path, "%s/bin", out);
    if (mkdir(path, 0755) == -1)
        return -1;
    if (geteuid() == 0)
        give_tree(out, BUILD_UID);

    /* Relative paths, so the compiler's messages say "./producer.c:12:5". */
    snprintf(top_var, sizeof top_var, "TOP=..");
    snprintf(src_var, sizeof src_var, "SRC=.");
    snprintf(out_var, sizeof out_var, "OUT=../bin");
    snprintf(prog_var, sizeof prog_var, "PROGRAMS=%s", programs);
    snprintf(cflags_var, sizeof cflags_var, "CFLAGS=%s", cflags);
    snprintf(path, sizeof path, "%s/build.log", out);
    if (pipe2(fd, O_CLOEXEC) == -1)
        return -1;
    pid = fork();
    if (pid == -1)
        return -1;
    if (pid == 0) {
        char *argv[] = {
            "make",     "-s", "--no-print-directory", "-f", mk, top_var, src_var, out_var, prog_var,
            cflags_var, NULL};
        int log = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        struct rlimit cpu = {seconds, seconds}, fsize = {64 << 20, 64 << 20};

        setpgid(0, 0);
        ok = isolate(hide) == 0;
        if (write(fd[1], &ok, 1) != 1)
            _exit(126);
        if (log == -1 || dup2(log, STDOUT_FILENO) == -1 || dup2(log, STDERR_FILENO) == -1)
            _exit(126);
        setrlimit(RLIMIT_CPU, &cpu);
        setrlimit(RLIMIT_FSIZE, &fsize);
        if (geteuid() == 0 &&
            (setgroups(0, NULL) == -1 || setresgid(BUILD_UID, BUILD_UID, BUILD_UID) ||
             setresuid(BUILD_UID, BUILD_UID, BUILD_UID)))
            _exit(126);
        snprintf(path, sizeof path, "%s/src", out);
        if (chdir(path) == -1)
            _exit(126);
        execvp("make", argv);
        fprintf(stderr, "cannot run make: %s\n", strerror(errno));
        _exit(127);
    }
    close(fd[1]);
    *isolated = read(fd[0], &ok, 1) == 1 && ok;
    close(fd[0]);
    for (;;) {
        struct timespec ts = {0, 2000000};
        pid_t w = waitpid(pid, &status, WNOHANG);

        if (w == pid || (w == -1 && errno != EINTR))
            break;
        if (time(NULL) > deadline) {
            kill(-pid, SIGKILL);
            waitpid(pid, &status, 0);
            break;
        }
        nanosleep(&ts, NULL);
    }
    return status;
}

/*
 * view.c - see view.h.
 *
 * The new root is a tmpfs mounted over the host's /tmp (in our own mount
 * namespace, so the host's /tmp is untouched); pivot_root(2) then makes it
 * "/" and the old root is detached. Bind mounts bring in the few host paths
 * a C program needs, each remounted read-only.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "view.h"

#define NEW_ROOT          "/tmp"
#define DEFAULT_TMP_BYTES (128L << 20)
#define NOBODY            (uid_t) - 1, (gid_t)-1 /* no owner given: the mounter's */

static char *why_buf;
static size_t why_size;

/* Record the failed step (with errno) and return -1. */
static int failed(const char *step, const char *path)
{
    snprintf(why_buf, why_size, "%s %s: %s", step, path, strerror(errno));
    return -1;
}

/* Bind the host's path at root/path, read-only, without set-uid or devices. */
static int bind_ro(const char *path, int is_dir)
{
    char to[PATH_MAX];
    struct statvfs vfs;
    unsigned long flags = MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV;
    int fd;

    snprintf(to, sizeof to, NEW_ROOT "%s", path);
    if (is_dir) {
        if (mkdir(to, 0755) == -1 && errno != EEXIST)
            return failed("mkdir", to);
    } else {
        fd = open(to, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
        if (fd == -1)
            return failed("create", to);
        close(fd);
    }
    if (mount(path, to, NULL, MS_BIND | MS_REC, NULL) == -1)
        return failed("bind", path);
    /* A remount must keep the flags the kernel locked on the original. */
    if (statvfs(path, &vfs) == 0 && (vfs.f_flag & ST_NOEXEC))
        flags |= MS_NOEXEC;
    if (mount(NULL, to, NULL, flags, NULL) == -1)
        return failed("remount read-only", to);
    return 0;
}

/* Bring in a host path if it exists: a link as a link, a folder or file bound read-only. */
static int bring(const char *path)
{
    char to[PATH_MAX], target[PATH_MAX];
    struct stat st;
    ssize_t n;

    if (lstat(path, &st) == -1)
        return 0; /* absent on this host: nothing to bring */
    snprintf(to, sizeof to, NEW_ROOT "%s", path);
    if (S_ISLNK(st.st_mode)) {
        n = readlink(path, target, sizeof target - 1);
        if (n == -1)
            return failed("readlink", path);
        target[n] = '\0';
        if (symlink(target, to) == -1)
            return failed("symlink", to);
        return 0;
    }
    if (S_ISDIR(st.st_mode) || S_ISREG(st.st_mode))
        return bind_ro(path, S_ISDIR(st.st_mode));
    return 0;
}

/* Mount a private tmpfs at root/path, capped in bytes and inodes. */
static int tmpfs_at(const char *path, const char *mode, long bytes, long inodes, uid_t uid,
                    gid_t gid)
{
    char to[PATH_MAX], opts[128];

    snprintf(to, sizeof to, NEW_ROOT "%s", path);
    if (mkdir(to, 0755) == -1 && errno != EEXIST)
        return failed("mkdir", to);
    /* Owned by whoever mounts it, unless an owner is given. */
    if (uid == (uid_t)-1)
        snprintf(opts, sizeof opts, "mode=%s,size=%ld,nr_inodes=%ld", mode, bytes, inodes);
    else
        snprintf(opts, sizeof opts, "mode=%s,size=%ld,nr_inodes=%ld,uid=%u,gid=%u", mode, bytes,
                 inodes, (unsigned)uid, (unsigned)gid);
    if (mount("tmpfs", to, "tmpfs", MS_NOSUID | MS_NODEV, opts) == -1)
        return failed("mount tmpfs on", to);
    return 0;
}

static int write_text(const char *path, const char *text)
{
    char to[PATH_MAX];
    int fd;
    ssize_t len = (ssize_t)strlen(text);

    snprintf(to, sizeof to, NEW_ROOT "%s", path);
    fd = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd == -1)
        return failed("create", to);
    if (write(fd, text, (size_t)len) != len) {
        close(fd);
        return failed("write", to);
    }
    close(fd);
    return 0;
}

static int make_dev(void)
{
    static const char *const nodes[] = {"/dev/null", "/dev/zero", "/dev/full", "/dev/random",
                                        "/dev/urandom"};
    static const char *const links[][2] = {{"/proc/self/fd", "/dev/fd"},
                                           {"/proc/self/fd/0", "/dev/stdin"},
                                           {"/proc/self/fd/1", "/dev/stdout"},
                                           {"/proc/self/fd/2", "/dev/stderr"}};
    char to[PATH_MAX];
    size_t i;
    int fd;

    if (mkdir(NEW_ROOT "/dev", 0755) == -1)
        return failed("mkdir", NEW_ROOT "/dev");
    for (i = 0; i < sizeof nodes / sizeof nodes[0]; i++) {
        /* Devices cannot be created here (no mknod in a user namespace): bind them. */
        snprintf(to, sizeof to, NEW_ROOT "%s", nodes[i]);
        fd = open(to, O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
        if (fd == -1)
            return failed("create", to);
        close(fd);
        if (mount(nodes[i], to, NULL, MS_BIND, NULL) == -1)
            return failed("bind", nodes[i]);
    }
    for (i = 0; i < sizeof links / sizeof links[0]; i++) {
        snprintf(to, sizeof to, NEW_ROOT "%s", links[i][1]);
        if (symlink(links[i][0], to) == -1)
            return failed("symlink", to);
    }
    return 0;
}

static int make_etc(uid_t uid, gid_t gid)
{
    /* What the dynamic loader, the compiler driver and libc's look-ups read. */
    static const char *const files[] = {"/etc/ld.so.cache",  "/etc/ld.so.conf",
                                        "/etc/ld.so.conf.d", "/etc/alternatives",
                                        "/etc/localtime",    "/etc/nsswitch.conf"};
    char text[512];
    size_t i;

    if (mkdir(NEW_ROOT "/etc", 0755) == -1)
        return failed("mkdir", NEW_ROOT "/etc");
    for (i = 0; i < sizeof files / sizeof files[0]; i++)
        if (bring(files[i]) == -1)
            return -1;
    /* Our own accounts: the host's list of users is none of the program's business. */
    snprintf(text, sizeof text,
             "root:x:0:0:root:/root:/bin/sh\n"
             "student:x:%u:%u:student:" VIEW_HOME ":/bin/sh\n"
             "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n",
             (unsigned)uid, (unsigned)gid);
    if (uid == 0 || uid == 65534) /* one name per uid */
        snprintf(text, sizeof text,
                 "root:x:0:0:root:/root:/bin/sh\n"
                 "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n");
    if (write_text("/etc/passwd", text) == -1)
        return -1;
    snprintf(text, sizeof text, "root:x:0:\nstudent:x:%u:\nnogroup:x:65534:\n", (unsigned)gid);
    if (gid == 0 || gid == 65534)
        snprintf(text, sizeof text, "root:x:0:\nnogroup:x:65534:\n");
    return write_text("/etc/group", text);
}

int view_enter(const struct view_spec *spec, char *why, size_t size)
{
    static const char *const system_dirs[] = {"/usr",   "/bin",   "/sbin",  "/lib",
                                              "/lib32", "/lib64", "/libx32"};
    long tmp = spec->tmp_bytes > 0 ? spec->tmp_bytes : DEFAULT_TMP_BYTES;
    char to[PATH_MAX], from[64];
    int bind_fd = -1;
    size_t i;

    why_buf = why;
    why_size = size;
    why[0] = '\0';
    /* The folder to bind may be under /tmp, which the new root covers: hold it. */
    if (spec->bind_dir != NULL &&
        (bind_fd = open(spec->bind_dir, O_PATH | O_DIRECTORY | O_CLOEXEC)) == -1)
        return failed("open", spec->bind_dir);
    /* Nothing we mount from here on may reach the host's mount table. */
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == -1)
        return failed("make private", "/");
    if (mount("tmpfs", NEW_ROOT, "tmpfs", MS_NOSUID | MS_NODEV,
              "mode=0755,size=64m,nr_inodes=1024"))
        return failed("mount the new root on", NEW_ROOT);
    for (i = 0; i < sizeof system_dirs / sizeof system_dirs[0]; i++)
        if (bring(system_dirs[i]) == -1)
            return -1;
    if (make_etc(spec->uid, spec->gid) == -1 || make_dev() == -1)
        return -1;
    if (mkdir(NEW_ROOT "/proc", 0555) == -1 ||
        mount("/proc", NEW_ROOT "/proc", NULL, MS_BIND | MS_REC, NULL))
        return failed("bind", "/proc");
    if (mkdir(NEW_ROOT "/var", 0755) == -1 || mkdir(NEW_ROOT "/home", 0755) == -1 ||
        mkdir(NEW_ROOT VIEW_GRADER_DIR, 0755) == -1)
        return failed("mkdir", "/var, /home, " VIEW_GRADER_DIR);
    if (tmpfs_at("/tmp", "1777", tmp, 8192, NOBODY) == -1 ||
        tmpfs_at("/dev/shm", "1777", tmp, 8192, NOBODY) == -1 ||
        tmpfs_at("/var/tmp", "1777", 16L << 20, 1024, NOBODY) == -1 ||
        tmpfs_at("/run", "0755", 16L << 20, 1024, NOBODY) == -1 ||
        tmpfs_at(VIEW_HOME, "0755", 16L << 20, 1024, spec->owner, spec->group) == -1 ||
        tmpfs_at(VIEW_RUNS_DIR, "0711", 256L << 20, 4096, NOBODY) == -1)
        return -1;
    if (mkdir(NEW_ROOT "/run/lock", 01777) == -1 || chmod(NEW_ROOT "/run/lock", 01777) == -1)
        return failed("mkdir", "/run/lock");
    if (bind_fd != -1) {
        snprintf(to, sizeof to, NEW_ROOT "%s", spec->bind_at);
        snprintf(from, sizeof from, "/proc/self/fd/%d", bind_fd);
        if (mkdir(to, 0755) == -1 || mount(from, to, NULL, MS_BIND, NULL) == -1)
            return failed("bind", spec->bind_dir);
        close(bind_fd);
        if (mount(NULL, to, NULL, MS_REMOUNT | MS_BIND | MS_NOSUID | MS_NODEV, NULL) == -1)
            return failed("remount", to);
    }
    /* Move in: the new root becomes "/", the old one is detached, unreachable. */
    if (chdir(NEW_ROOT) == -1 || syscall(SYS_pivot_root, ".", ".") == -1)
        return failed("pivot_root to", NEW_ROOT);
    if (umount2(".", MNT_DETACH) == -1 || chdir("/") == -1)
        return failed("detach", "the old root");
    return 0;
}

int view_seal(void)
{
    return mount(NULL, "/", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL);
}

int view_own_proc(void)
{
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == -1 ||
        mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) == -1)
        return -1;
    /* /proc/sys holds the namespace's IPC limits: read-only from here on. */
    if (mount("/proc/sys", "/proc/sys", NULL, MS_BIND | MS_REC, NULL) == -1 ||
        mount(NULL, "/proc/sys", NULL,
              MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) == -1)
        return -1;
    return 0;
}

/*
 * build.c - compile one lab of a submission, isolated and bounded.
 *
 * A submission's source could `#include "/path/to/kit/solutions/..."` and so
 * compile the reference solution, `#include "/etc/shadow"` to read it in the
 * compiler's messages, or `#include "/dev/zero"` to make the compiler eat
 * the machine's memory. So the lab is compiled from copies, in new mount,
 * PID, IPC and network namespaces, in the whitelist view of the host where
 * only the system's programs and libraries exist (view.h), as an
 * unprivileged user, with an address-space limit per process, a CPU limit
 * and a wall-clock limit:
 *
 *   OUT/src/       the lab's .c and .h files (regular files only, capped)
 *   OUT/common/    the kit's common/ helpers
 *   OUT/mk/        the kit's build rules (mk/lab.mk)
 *   OUT/bin/       the programs
 *   OUT/build.log  what the compiler said
 *
 * OUT is the view's /build; the compiler's messages name files relatively
 * ("./producer.c:12:5").
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
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "build.h"
#include "lib/child.h"
#include "lib/protocol.h"
#include "lib/userns.h"
#include "lib/view.h"
#include "po/i18n.h"

#define MAX_FILES 64        /* source files copied from a lab folder */
#define MAX_SIZE  (1 << 20) /* bytes per source file */
#define LOG_LIMIT (64 << 20)

/* Append a note about a file that was not compiled. */
static void note(struct build *b, const char *name, const char *why)
{
    size_t len = strlen(b->notes);

    snprintf(b->notes + len, sizeof b->notes - len, _("%s was not compiled: %s\n"), name, why);
}

/* Copy one regular file (not a link) of at most MAX_SIZE bytes; why it was not. */
static int copy_file(const char *from, const char *to, const char **why)
{
    char buf[65536];
    struct stat st;
    int in, out, ok = 0;
    ssize_t n;

    *why = _("it could not be read");
    if (lstat(from, &st) == -1)
        return -1;
    if (S_ISLNK(st.st_mode))
        *why = _("it is a symbolic link (only regular files are graded)");
    else if (!S_ISREG(st.st_mode))
        *why = _("it is not a regular file");
    else if (st.st_size > MAX_SIZE)
        *why = _("it is larger than 1 MiB");
    if (S_ISLNK(st.st_mode) || !S_ISREG(st.st_mode) || st.st_size > MAX_SIZE)
        return -1;
    in = open(from, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
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
static int copy_sources(struct build *b, const char *from, const char *to)
{
    DIR *d = opendir(from);
    struct dirent *e;
    int n = 0;

    if (d == NULL || mkdir(to, 0755) == -1) {
        if (d != NULL)
            closedir(d);
        return -1;
    }
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        char a[PATH_MAX], c[PATH_MAX];
        const char *why;

        if (len < 3 || e->d_name[0] == '.' || e->d_name[len - 2] != '.' ||
            (e->d_name[len - 1] != 'c' && e->d_name[len - 1] != 'h'))
            continue;
        if (n == MAX_FILES) {
            note(b, e->d_name, _("the lab folder has more than 64 source files"));
            continue;
        }
        snprintf(a, sizeof a, "%s/%s", from, e->d_name);
        snprintf(c, sizeof c, "%s/%s", to, e->d_name);
        if (copy_file(a, c, &why) == 0)
            n++;
        else
            note(b, e->d_name, why);
    }
    closedir(d);
    return n;
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

static void set_limit(int resource, rlim_t value)
{
    struct rlimit rl = {value, value};

    setrlimit(resource, &rl);
}

/* In the compiler's process: limits, identity, then make. Never returns. */
static void exec_make(const struct build *b, const char *dir)
{
    char prog_var[1024], cflags_var[512];
    char *argv[] = {"make",   "-s",    "--no-print-directory", "-f",     "../mk/lab.mk",
                    "TOP=..", "SRC=.", "OUT=../bin",           prog_var, cflags_var,
                    NULL};
    char *envp[] = {"PATH=/usr/local/bin:/usr/bin:/bin", "LC_ALL=C", "TMPDIR=/tmp",
                    "HOME=" VIEW_HOME, NULL};

    snprintf(prog_var, sizeof prog_var, "PROGRAMS=%s", b->programs);
    snprintf(cflags_var, sizeof cflags_var, "CFLAGS=%s", b->cflags);
    set_limit(RLIMIT_AS, BUILD_MEMORY);
    set_limit(RLIMIT_CPU, BUILD_SECONDS);
    set_limit(RLIMIT_FSIZE, LOG_LIMIT);
    set_limit(RLIMIT_CORE, 0);
    if (geteuid() == 0) {
        set_limit(RLIMIT_NPROC, 256); /* counts the build uid's processes only */
        if (setgroups(0, NULL) == -1 || setresgid(BUILD_UID, BUILD_UID, BUILD_UID) ||
            setresuid(BUILD_UID, BUILD_UID, BUILD_UID))
            _exit(126);
    }
    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    if (chdir(dir) == -1)
        _exit(126);
    execvpe("make", argv, envp);
    fprintf(stderr, "cannot run make: %s\n", strerror(errno));
    _exit(127);
}

/* In the build's first process: namespaces, the view, then make as pid 1. */
static void isolated_build(const struct build *b)
{
    struct view_spec view = {0};
    uid_t uid = getuid();
    gid_t gid = getgid();
    char why[512];
    pid_t pid;
    int status;

    if (b->mode == MODE_USER) {
        /* Map the user onto itself: make, once exec'd, has no capability. */
        if (enter_user_namespace(uid, uid, gid, gid) == -1)
            goto refused;
    }
    if (unshare(CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWPID) == -1)
        goto refused;
    view.owner = view.uid = b->mode == MODE_ROOT ? BUILD_UID : uid;
    view.group = view.gid = b->mode == MODE_ROOT ? BUILD_UID : gid;
    view.bind_dir = b->out;
    view.bind_at = "/build";
    view.tmp_bytes = 256L << 20; /* the compiler's temporary files */
    if (view_enter(&view, why, sizeof why) == -1) {
        fprintf(stderr, "grade: the build's view of the system: %s\n", why);
        _exit(126);
    }
    if (view_seal() == -1)
        goto refused;
    pid = fork(); /* pid 1 of the new PID namespace */
    if (pid == -1)
        goto refused;
    if (pid == 0) {
        if (view_own_proc() == -1)
            _exit(126);
        exec_make(b, "/build/src");
    }
    if (waitpid(pid, &status, 0) != pid)
        _exit(126);
    if (WIFSIGNALED(status)) {
        signal(WTERMSIG(status), SIG_DFL);
        raise(WTERMSIG(status));
    }
    _exit(WIFEXITED(status) ? WEXITSTATUS(status) : 126);
refused:
    fprintf(stderr, "grade: the build's namespaces: %s\n", strerror(errno));
    _exit(126);
}

/* Does the compiler's log contain text (in its first 16 KiB)? */
static int log_says(const char *log_path, const char *text)
{
    char buf[16384];
    FILE *f = fopen(log_path, "r");
    size_t n;

    if (f == NULL)
        return 0;
    n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return strstr(buf, text) != NULL;
}

/* Did the compiler run out of memory? Its messages say so. */
static int out_of_memory(const char *log_path)
{
    static const char *const signs[] = {"out of memory", "memory exhausted",
                                        "Cannot allocate memory", "std::bad_alloc"};
    size_t i;

    for (i = 0; i < sizeof signs / sizeof signs[0]; i++)
        if (log_says(log_path, signs[i]))
            return 1;
    return 0;
}

int build_lab(struct build *b)
{
    char path[PATH_MAX], from[PATH_MAX], log_path[PATH_MAX];
    int status = -1, log;
    double deadline;
    pid_t pid;

    b->wall = WALL_NONE;
    b->notes[0] = '\0';
    snprintf(path, sizeof path, "%s/src", b->out);
    if (mkdir(b->out, 0755) == -1 || copy_sources(b, b->src, path) == -1)
        return -1;
    snprintf(from, sizeof from, "%s/common", b->top);
    snprintf(path, sizeof path, "%s/common", b->out);
    if (copy_sources(b, from, path) == -1)
        return -1;
    snprintf(path, sizeof path, "%s/mk", b->out);
    snprintf(from, sizeof from, "%s/mk/lab.mk", b->top);
    if (mkdir(path, 0755) == -1)
        return -1;
    snprintf(path, sizeof path, "%s/mk/lab.mk", b->out);
    {
        const char *why;

        if (copy_file(from, path, &why) == -1)
            return -1;
    }
    snprintf(path, sizeof path, "%s/bin", b->out);
    if (mkdir(path, 0755) == -1)
        return -1;
    if (geteuid() == 0 && b->mode != MODE_USER)
        give_tree(b->out, BUILD_UID);

    snprintf(log_path, sizeof log_path, "%s/build.log", b->out);
    log = open(log_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (log == -1)
        return -1;
    deadline = child_now() + BUILD_SECONDS;
    fflush(NULL);
    pid = fork();
    if (pid == -1) {
        close(log);
        return -1;
    }
    if (pid == 0) {
        int null = open("/dev/null", O_RDONLY);

        setpgid(0, 0);
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        /* No terminal, no grader's input: "#include </dev/stdin>" reads nothing. */
        if (null == -1 || dup2(null, STDIN_FILENO) == -1 || dup2(log, STDOUT_FILENO) == -1 ||
            dup2(log, STDERR_FILENO) == -1)
            _exit(126);
        if (b->mode == MODE_ROOT || b->mode == MODE_USER)
            isolated_build(b);
        snprintf(path, sizeof path, "%s/src", b->out);
        exec_make(b, path);
    }
    close(log);
    setpgid(pid, pid);
    if (child_wait(pid, deadline, &status, NULL, NULL) == 1)
        b->wall = WALL_TIME;
    if (b->wall == WALL_NONE && status != 0) {
        struct stat st;

        if (stat(log_path, &st) == 0 && st.st_size >= LOG_LIMIT - 4096)
            b->wall = WALL_OUTPUT; /* the log is full: "File size limit" could not be written */
        else if (log_says(log_path, "CPU time limit exceeded"))
            b->wall = WALL_TIME;
        else if (log_says(log_path, "File size limit exceeded"))
            b->wall = WALL_OUTPUT;
        else if (out_of_memory(log_path))
            b->wall = WALL_MEMORY;
        else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGXCPU)
            b->wall = WALL_TIME;
        else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGXFSZ)
            b->wall = WALL_OUTPUT;
    }
    return status;
}

/* Whether cc compiles an empty file with FLAG, without a warning: gcc before
 * 12, for one, has no -ftrivial-auto-var-init. */
static int cc_accepts(const char *flag)
{
    pid_t pid = fork();
    int status;

    if (pid == -1)
        return 0;
    if (pid == 0) {
        int null = open("/dev/null", O_RDWR);

        if (null != -1) {
            dup2(null, STDIN_FILENO);
            dup2(null, STDOUT_FILENO);
            dup2(null, STDERR_FILENO);
        }
        execlp("cc", "cc", "-Werror", flag, "-x", "c", "-fsyntax-only", "/dev/null", (char *)NULL);
        _exit(127);
    }
    if (waitpid(pid, &status, 0) == -1)
        return 0;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

const char *build_cflags(void)
{
    static char flags[160];

    if (flags[0] != '\0')
        return flags;
    /* -O2: as in real use, where a flag polled without an atomic spins for
     * ever. _FORTIFY_SOURCE: a memcpy or snprintf past the end of a buffer
     * whose size the compiler knows stops the program. Undefined first, in
     * case the compiler defines it already. */
    snprintf(flags, sizeof flags, "-O2 -g -U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=2");
    /* A variable read before it is set holds a pattern, not what the last
     * call happened to leave there: a forgotten initialisation shows every
     * time, not only on some machines. */
    if (cc_accepts("-ftrivial-auto-var-init=pattern"))
        strcat(flags, " -ftrivial-auto-var-init=pattern");
    return flags;
}

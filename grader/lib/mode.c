/*
 * mode.c - see mode.h.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../po/i18n.h"
#include "mode.h"
#include "protocol.h"
#include "userns.h"
#include "view.h"

int mode_enter_namespaces(enum mode m)
{
    uid_t uid = getuid();
    gid_t gid = getgid();

    if (m == MODE_USER) {
        /* Root of a user namespace of our own: enough to mount, and to set
         * the IPC namespace's limits; programs later run in a nested one. */
        if (enter_user_namespace(0, uid, 0, gid) == -1)
            return -1;
    }
    return unshare(CLONE_NEWIPC | CLONE_NEWNS | CLONE_NEWNET);
}

/* In a child: can this mode be entered completely (view, PID namespace)? */
static int try_mode(enum mode m, char *why, size_t size)
{
    int fd[2];
    pid_t pid;
    int status;
    ssize_t n;

    if (pipe2(fd, O_CLOEXEC) == -1)
        return -1;
    pid = fork();
    if (pid == -1)
        return -1;
    if (pid == 0) {
        struct view_spec spec = {0};
        char msg[256] = "";
        pid_t init;

        close(fd[0]);
        spec.uid = spec.gid = m == MODE_USER ? getuid() : SANDBOX_UID_BASE;
        if (mode_enter_namespaces(m) == -1)
            snprintf(msg, sizeof msg, "unshare: %s", strerror(errno));
        else if (view_enter(&spec, msg, sizeof msg) == -1)
            ;
        else if ((init = (pid_t)syscall(SYS_clone, (unsigned long)(CLONE_NEWPID | SIGCHLD), NULL,
                                        NULL, NULL, 0)) == -1)
            snprintf(msg, sizeof msg, "clone(CLONE_NEWPID): %s", strerror(errno));
        else if (init == 0)
            _exit(unshare(CLONE_NEWNS) == 0 && view_own_proc() == 0 ? 0 : 1);
        else if (waitpid(init, &status, 0) != init || !WIFEXITED(status) ||
                 WEXITSTATUS(status) != 0)
            snprintf(msg, sizeof msg, "mount proc in a new PID namespace: refused");
        if (msg[0] != '\0' && write(fd[1], msg, strlen(msg)) == -1)
            _exit(2);
        _exit(msg[0] != '\0');
    }
    close(fd[1]);
    n = read(fd[0], why, size - 1);
    why[n > 0 ? n : 0] = '\0';
    close(fd[0]);
    if (waitpid(pid, &status, 0) != pid)
        return -1;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

enum mode mode_decide(char *why, size_t size)
{
    const char *env = getenv(ENV_SANDBOX);
    enum mode m = geteuid() == 0 ? MODE_ROOT : MODE_USER;

    why[0] = '\0';
    if (env != NULL && (strcmp(env, "none") == 0 || strcmp(env, "fallback") == 0))
        return MODE_FALLBACK;
    if (env != NULL && strcmp(env, "off") == 0)
        return MODE_OFF;
    if (try_mode(m, why, size) == 0)
        return m;
    if (why[0] == '\0')
        snprintf(why, size, "%s", strerror(errno));
    return MODE_FALLBACK;
}

enum mode mode_current(void)
{
    static int decided = -1;
    const char *env = getenv(ENV_SANDBOX);
    char why[256];

    if (env != NULL && strcmp(env, "root") == 0)
        return MODE_ROOT;
    if (env != NULL && strcmp(env, "user") == 0)
        return MODE_USER;
    if (decided == -1)
        decided = (int)mode_decide(why, sizeof why);
    return (enum mode)decided;
}

const char *mode_name(enum mode m)
{
    static const char *const names[] = {"root", "user", "fallback", "off"};

    return names[m];
}

const char *mode_text(enum mode m)
{
    switch (m) {
    case MODE_ROOT:
        return _("sandbox: namespaces (as root); programs ran as an unprivileged user and saw "
                 "only a minimal, read-only view of the system");
    case MODE_USER:
        return _("sandbox: namespaces (through a user namespace); programs saw only a minimal, "
                 "read-only view of the system");
    case MODE_FALLBACK:
        return _("sandbox: no namespaces (fallback); programs shared the machine's IPC objects "
                 "and files, and the check with a segment of id 0 was skipped");
    case MODE_OFF:
        break;
    }
    return _("sandbox: off (no isolation: for measurements only)");
}

/*
 * state.c - the state every test of lab 07 builds in its own IPC namespace
 * (six segments and a queue, see main.c), and how the programs are run.
 */
#define _GNU_SOURCE /* MADV_DONTFORK */

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../po/i18n.h"
#include "suite.h"
#include "state.h"

struct segment segs[NSEG] = {
    {N_("a keyed segment, not attached"), 1, 1, 4096, 0600, 0, 0, 0, 0, 0, 0, "", "", "", "", "",
     0},
    {N_("an IPC_PRIVATE segment attached twice"), 0, 0, 1500, 0640, 0, 2, 0, 0, 0, 0, "", "", "",
     "", "", 0},
    {N_("a mode-644 segment (root's, when graded as root), attached once"), 1, 0, 20000, 0644, 1, 1,
     0, 0, 0, 0, "", "", "", "", "", 0},
    {N_("a segment marked for removal, still attached once"), 1, 0, 8192, 0600, 0, 1, 1, 0, 0, 0,
     "", "", "", "", "", 0},
    {N_("a read-only segment, not attached"), 1, 0, 3000, 0400, 0, 0, 0, 0, 0, 0, "", "", "", "",
     "", 0},
    {N_("a segment of mode 000 (SHM_STAT fails with EACCES: it may be left out)"), 1, 0, 5000, 0000,
     0, 0, 0, 1, 0, 0, "", "", "", "", "", 0},
};

int queue = -1; /* a message queue with segs[KEYED]'s key (isolated only) */
int root_owner; /* segs[FOREIGN] is root's: the programs may not remove it */
int ids_chosen; /* ids were set through shm_next_id */
static char ipcs_text[IPCS_CAP];

/* ---- building the state ------------------------------------------------ */

/* Ask the kernel to give `id` to the next segment created in this namespace. */
static int choose_next_id(int id)
{
    char text[32];
    int fd = open("/proc/sys/kernel/shm_next_id", O_WRONLY | O_CLOEXEC);
    ssize_t n;

    if (fd == -1)
        return -1;
    snprintf(text, sizeof text, "%d\n", id);
    n = write(fd, text, strlen(text));
    close(fd);
    return n == (ssize_t)strlen(text) ? 0 : -1;
}

/*
 * A fresh key: never 0, high bit as asked. The pid is mixed in: every test
 * runs in a process of its own, forked from a suite whose rand() sequence
 * is the same in every grading, and without namespaces (the fallback) two
 * gradings side by side share the host's keys.
 */
key_t fresh_key(int high)
{
    unsigned k = ((unsigned)rand() << 16) ^ (unsigned)rand() ^ ((unsigned)getpid() * 2654435761u);

    k = high ? (k | 0x80000000u) : (k & 0x7fffffffu);
    if ((k & 0x7fffffffu) == 0)
        k |= 0x1234;
    return (key_t)(int)k;
}

/* Run `ipcs -m` in this namespace; its output goes to ipcs_text. */
static void run_ipcs(void)
{
    static const char *const paths[] = {"/usr/bin/ipcs", "/bin/ipcs"};
    char *const argv[] = {"ipcs", "-m", NULL};
    char *const envp[] = {"LC_ALL=C", "PATH=/usr/bin:/bin", NULL};
    int fds[2], status;
    size_t len = 0;
    ssize_t n;
    pid_t pid;

    ck_assert_msg(pipe(fds) == 0, _("grader: pipe: %s"), strerror(errno));
    fflush(NULL);
    pid = fork();
    ck_assert_msg(pid != -1, _("grader: fork: %s"), strerror(errno));
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);

        dup2(fds[1], 1);
        if (null != -1)
            dup2(null, 2);
        close(fds[0]);
        close(fds[1]);
        execve(paths[0], argv, envp);
        execve(paths[1], argv, envp);
        _exit(127);
    }
    close(fds[1]);
    while (len + 1 < sizeof ipcs_text &&
           (n = read(fds[0], ipcs_text + len, sizeof ipcs_text - 1 - len)) > 0)
        len += (size_t)n;
    ipcs_text[len] = '\0';
    close(fds[0]);
    waitpid(pid, &status, 0);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
                  _("grader: util-linux `ipcs -m` could not be run (package util-linux)"));
}

/* Read what ipcs says about each of our segments. */
static void read_ipcs(void)
{
    const char *line = ipcs_text;
    int i;

    run_ipcs();
    while (line != NULL && *line != '\0') {
        char key[16], owner[64], perms[16], bytes[32], nattch[32], rest[64] = "";
        int id;

        if (strncmp(line, "0x", 2) == 0 && sscanf(line, "%15s %d %63s %15s %31s %31s %63[^\n]", key,
                                                  &id, owner, perms, bytes, nattch, rest) >= 6)
            for (i = 0; i < NSEG; i++)
                if (segs[i].id == id) {
                    snprintf(segs[i].key_text, sizeof segs[i].key_text, "%s", key);
                    snprintf(segs[i].owner, sizeof segs[i].owner, "%s", owner);
                    snprintf(segs[i].perms, sizeof segs[i].perms, "%s", perms);
                    snprintf(segs[i].bytes, sizeof segs[i].bytes, "%s", bytes);
                    snprintf(segs[i].nattch, sizeof segs[i].nattch, "%s", nattch);
                    segs[i].dest = strstr(rest, "dest") != NULL;
                }
        line = strchr(line, '\n');
        if (line != NULL)
            line++;
    }
    for (i = 0; i < NSEG; i++)
        ck_assert_msg(segs[i].key_text[0] != '\0', _("grader: `ipcs -m` does not list segment %d"),
                      segs[i].id);
}

/*
 * hold_attachments - attach the segments as planned, in this test process,
 * for as long as it lives. Every program the sandbox starts is forked from
 * this process, and fork(2) copies attachments (each run would add to
 * nattch): MADV_DONTFORK keeps these mappings out of the children. Not a
 * helper process: the fallback kills every descendant after each run.
 */
static void hold_attachments(void)
{
    int i, a;

    for (i = 0; i < NSEG; i++)
        for (a = 0; a < segs[i].attach; a++) {
            void *p = shmat(segs[i].id, NULL, SHM_RDONLY);

            ck_assert_msg(p != (void *)-1, _("grader: shmat: %s"), strerror(errno));
            ck_assert_msg(madvise(p, segs[i].size, MADV_DONTFORK) == 0,
                          _("grader: madvise(MADV_DONTFORK): %s"), strerror(errno));
        }
}

/* Make the six segments (and the queue), then read them with ipcs. */
void build_state(void)
{
    int i;

    srand((unsigned)fresh_value());
    root_owner = geteuid() == 0;
    ids_chosen = sb_isolated();
    for (i = 0; i < NSEG; i++) {
        struct segment *s = &segs[i];
        uid_t uid = s->foreign && root_owner ? 0 : sb_uid();
        gid_t gid = s->foreign && root_owner ? 0 : sb_gid();
        int tries;

        for (tries = 0; tries < 50; tries++) {
            s->key = s->keyed ? fresh_key(s->high_key) : IPC_PRIVATE;
            /* An id with a sequence number of 1..200 and an index of 1..3000. */
            if (ids_chosen &&
                choose_next_id((1 + rand() % 200) * 32768 + 1 + i * 600 + rand() % 600) == -1)
                ids_chosen = 0;
            s->id = shmget(s->key, s->size, IPC_CREAT | IPC_EXCL | 0600);
            if (s->id != -1 || errno != EEXIST)
                break;
        }
        ck_assert_msg(s->id != -1, _("grader: shmget: %s"), strerror(errno));
        /* Without namespaces (the fallback) a segment of mode 000 could be
         * neither checked nor cleaned up by an unprivileged grader: 0400. */
        if (s->hidden && !sb_isolated())
            s->mode = 0400;
        ck_assert_msg(ipc_chown_shm(s->id, uid, gid, s->mode) == 0,
                      _("grader: cannot give segment %d to uid %u: %s"), s->id, (unsigned)uid,
                      strerror(errno));
    }
    hold_attachments();
    for (i = 0; i < NSEG; i++)
        if (segs[i].marked)
            ck_assert_msg(shmctl(segs[i].id, IPC_RMID, NULL) == 0, _("grader: IPC_RMID: %s"),
                          strerror(errno));
    if (sb_isolated()) {
        struct msqid_ds ds;

        queue = msgget(segs[KEYED].key, IPC_CREAT | IPC_EXCL | 0600);
        ck_assert_msg(queue != -1, _("grader: msgget: %s"), strerror(errno));
        ck_assert_msg(msgctl(queue, IPC_STAT, &ds) == 0, _("grader: msgctl: %s"), strerror(errno));
        ds.msg_perm.uid = sb_uid();
        ds.msg_perm.gid = sb_gid();
        ck_assert_msg(msgctl(queue, IPC_SET, &ds) == 0, _("grader: msgctl: %s"), strerror(errno));
    }
    read_ipcs();
}

/* One segment, for feedback, as ipcs shows it. */
const char *describe(const struct segment *s, char *buf, size_t size)
{
    snprintf(buf, size,
             /* TRANSLATORS: %s after the id is a role ("a keyed segment, not attached");
                the last %s is ", status dest" or "". */
             _("segment id %d, %s (ipcs -m: key %s, owner %s, perms %s, %s bytes, "
               "nattch %s%s)"),
             s->id, _(s->role), s->key_text, s->owner, s->perms, s->bytes, s->nattch,
             s->dest ? _(", status dest") : "");
    return buf;
}

/* ---- running the programs ---------------------------------------------- */

/* Run one of the programs in the sandbox, with the lab's time limit. */
void run(const char *program, const char *const *args, struct sb_result *res)
{
    struct sb_spec spec = {0};

    spec.program = program;
    spec.args = args;
    spec.timeout = RUN_TIMEOUT;
    sb_run(&spec, res);
}

/* Fail unless the run ended on its own with status 0. */
void assert_success(const struct sb_result *res, const char *what)
{
    char how[1024];

    ck_assert_msg(!res->timed_out && !res->signaled && res->exited && res->exit_status == 0,
                  _("expected `%s` to end with exit status 0; it %s"), what,
                  sb_describe(res, how, sizeof how));
}

/* Run a program with a fault injected ("call:ERRNO[:N]", see sandbox.h). */
void run_failing(const char *program, const char *const *args, const char *fail,
                 struct sb_result *res)
{
    struct sb_spec spec = {0};

    spec.program = program;
    spec.args = args;
    spec.fail = fail;
    spec.timeout = RUN_TIMEOUT;
    sb_run(&spec, res);
}

/* Was the failure of `call` injected (the program made that call)? */
int injected(const struct sb_result *res, const char *call)
{
    char text[64];

    snprintf(text, sizeof text, " %s: failure injected", call);
    return strstr(res->trace, text) != NULL;
}

/* Does text hold `word` (case-insensitive) between non-alphanumeric characters? */
int has_word(const char *text, const char *word)
{
    size_t n = strlen(word);
    const char *p;

    for (p = text; *p != '\0'; p++)
        if (strncasecmp(p, word, n) == 0 && (p == text || !isalnum((unsigned char)p[-1])) &&
            !isalnum((unsigned char)p[n]))
            return 1;
    return 0;
}

/* The calls of the trace, one at a time: pid and call text; NULL at the end. */
static const char *next_call(const char *line, long *pid, char *call, size_t size)
{
    while (line != NULL && *line != '\0') {
        const char *end = strchr(line, '\n');
        size_t n = end != NULL ? (size_t)(end - line) : strlen(line);
        char text[256], *rest;

        snprintf(text, sizeof text, "%.*s", (int)n, line);
        line = end != NULL ? end + 1 : NULL;
        *pid = strtol(text, &rest, 10);
        if (rest == text)
            continue;
        (void)strtod(rest, &rest); /* the time stamp */
        while (*rest == ' ')
            rest++;
        snprintf(call, size, "%s", rest);
        return line != NULL ? line : "";
    }
    return NULL;
}

const char *went_on(const struct sb_result *res, const char *call, const char *next, char *buf,
                    size_t size)
{
    const char *line = res->trace;
    char text[256], failed_call[64], injected_text[64];
    long pid, failed = -1;

    snprintf(failed_call, sizeof failed_call, "%s(", call);
    snprintf(injected_text, sizeof injected_text, "%s: failure injected", call);
    while ((line = next_call(line, &pid, text, sizeof text)) != NULL) {
        if (failed == -1) {
            if (strncmp(text, injected_text, strlen(injected_text)) == 0 ||
                (strncmp(text, failed_call, strlen(failed_call)) == 0 &&
                 strstr(text, ") = -1") != NULL))
                failed = pid;
            continue;
        }
        if (pid == failed && strncmp(text, next, strlen(next)) == 0) {
            snprintf(buf, size, "%s", text);
            return buf;
        }
    }
    return NULL;
}

/* Create a segment of the programs' uid in this namespace (key, size, mode). */
int make_segment(key_t key, size_t size, unsigned mode)
{
    int id = shmget(key, size, IPC_CREAT | IPC_EXCL | 0600);

    ck_assert_msg(id != -1, _("grader: shmget: %s"), strerror(errno));
    ck_assert_msg(ipc_chown_shm(id, sb_uid(), sb_gid(), mode) == 0,
                  _("grader: cannot give segment %d to uid %u: %s"), id, (unsigned)sb_uid(),
                  strerror(errno));
    return id;
}

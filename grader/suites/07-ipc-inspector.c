/*
 * 07-ipc-inspector.c - tests of lab 07 (shmls, shmrm).
 *
 * The programs' contract (the lab's handout, "What the grader checks"):
 *
 *   shmls (no argument) prints, for each segment, one line of standard output
 *   holding these words: the key as 0x followed by 8 hex digits (0x%08x), the
 *   id in decimal, the owner (user name, or the uid in decimal when no user
 *   has it), the permissions in octal (600 or 0600), the size in bytes, the
 *   number of attachments, and the word "dest" if and only if the segment is
 *   marked for removal. Words are runs of letters, digits and `_ - . $`
 *   (a final period is ignored); anything else separates them, so layout,
 *   order, headers and labels ("key=0x...") are free. It exits 0.
 *
 *   shmrm -m ID / shmrm -M KEY (KEY as 0x%08x) removes that segment and
 *   exits 0; on an unknown id or key, or a segment it may not remove, it
 *   prints a message on standard error, exits non-zero, removes nothing.
 *
 * Every test builds the same state in its own IPC namespace: five segments
 * (a keyed one whose key has its high bit set, an IPC_PRIVATE one attached
 * twice, one owned by root with mode 644 and attached once, one marked for
 * removal while this test process keeps it attached, a read-only one), with
 * fresh keys, and, isolated, a message queue with the same key as the first
 * segment. Isolated, each segment gets an id whose sequence part is not 0
 * (/proc/sys/kernel/shm_next_id), so an id is never its index: a lister that
 * calls IPC_STAT on 0..N instead of SHM_STAT on indexes finds nothing.
 *
 * The expected fields are what util-linux `ipcs -m` prints for the same
 * state, run from this process (inside the namespace) with LC_ALL=C.
 *
 * Modes: as root (namespaces or fallback) a segment is given to root while
 * the programs run as an unprivileged uid, so the owner name and EPERM are
 * tested; in user mode only one uid exists, so that segment belongs to the
 * programs' uid too and the EPERM case is skipped. In the fallback the
 * host's segments are visible: only the test's own segments are compared.
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

#include "../po/i18n.h"
#include "suite.h"

#define LISTER      "shmls"
#define REMOVER     "shmrm"
#define RUN_TIMEOUT 3.0
#define NSEG        5
#define MAX_LINES   4096
#define MAX_WORDS   64
#define IPCS_CAP    (256 << 10)

/* The segments of the state, by role. */
enum { KEYED, PRIVATE, FOREIGN, MARKED, READONLY };

struct segment {
    /* the plan */
    const char *role; /* for feedback */
    int keyed;        /* has a key (otherwise IPC_PRIVATE) */
    int high_key;     /* the key has its high bit set (a negative key_t) */
    size_t size;
    unsigned mode;
    int foreign; /* owned by root, when the grader runs as root */
    int attach;  /* how many times this test process attaches it */
    int marked;  /* IPC_RMID while attached: "dest" */
    /* what was made */
    int id;
    key_t key;
    /* what `ipcs -m` says about it */
    char key_text[16], owner[64], perms[16], bytes[32], nattch[32];
    int dest;
};

static struct segment segs[NSEG] = {
    {N_("a keyed segment, not attached"), 1, 1, 4096, 0600, 0, 0, 0, 0, 0, "", "", "", "", "", 0},
    {N_("an IPC_PRIVATE segment attached twice"), 0, 0, 1500, 0640, 0, 2, 0, 0, 0, "", "", "", "",
     "", 0},
    {N_("a mode-644 segment (root's, when graded as root), attached once"), 1, 0, 20000, 0644, 1, 1,
     0, 0, 0, "", "", "", "", "", 0},
    {N_("a segment marked for removal, still attached once"), 1, 0, 8192, 0600, 0, 1, 1, 0, 0, "",
     "", "", "", "", 0},
    {N_("a read-only segment, not attached"), 1, 0, 3000, 0400, 0, 0, 0, 0, 0, "", "", "", "", "",
     0},
};

static int queue = -1; /* a message queue with segs[KEYED]'s key (isolated only) */
static int root_owner; /* segs[FOREIGN] is root's: the programs may not remove it */
static int ids_chosen; /* ids were set through shm_next_id */
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

/* A fresh key: never 0, high bit as asked. */
static key_t fresh_key(int high)
{
    unsigned k = ((unsigned)rand() << 16) ^ (unsigned)rand();

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

/* Make the five segments (and the queue), then read them with ipcs. */
static void build_state(void)
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
static const char *describe(const struct segment *s, char *buf, size_t size)
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

static void run(const char *program, const char *const *args, struct sb_result *res)
{
    struct sb_spec spec = {0};

    spec.program = program;
    spec.args = args;
    spec.timeout = RUN_TIMEOUT;
    sb_run(&spec, res);
}

/* Fail unless the run ended on its own with status 0. */
static void assert_success(const struct sb_result *res, const char *what)
{
    char how[1024];

    ck_assert_msg(!res->timed_out && !res->signaled && res->exited && res->exit_status == 0,
                  _("expected `%s` to end with exit status 0; it %s"), what,
                  sb_describe(res, how, sizeof how));
}

/* ---- reading the lister's output --------------------------------------- */

struct line {
    char *text; /* the whole line, for feedback */
    char *words[MAX_WORDS];
    int nwords;
};

static struct line lines[MAX_LINES];
static int nlines;
static char *words_buf;
static int found[NSEG]; /* the index of each segment's line in lines[], or -1 */

static int is_word_char(int c)
{
    return isalnum(c) || c == '_' || c == '-' || c == '.' || c == '$';
}

/* Split the output into lines, and each line into words. */
static void split_output(const char *out)
{
    size_t len = strlen(out);
    char *p;

    free(words_buf);
    /* the first half is cut into words; the second keeps each line whole, for feedback */
    words_buf = malloc(2 * len + 2);
    ck_assert_msg(words_buf != NULL, _("grader: out of memory"));
    memcpy(words_buf, out, len + 1);
    memcpy(words_buf + len + 1, out, len + 1);
    nlines = 0;
    for (p = words_buf; *p != '\0' && nlines < MAX_LINES;) {
        struct line *l = &lines[nlines++];
        char *end = strchr(p, '\n'), *w, *next;

        if (end == NULL)
            end = p + strlen(p);
        next = *end == '\n' ? end + 1 : end;
        l->text = words_buf + len + 1 + (p - words_buf);
        l->text[end - p] = '\0';
        l->nwords = 0;
        for (w = p; w < end;) {
            char *start;
            size_t n;

            if (!is_word_char((unsigned char)*w)) {
                *w++ = '\0';
                continue;
            }
            start = w;
            while (w < end && is_word_char((unsigned char)*w))
                w++;
            *w = '\0'; /* the separator, or the line's end */
            w = w < end ? w + 1 : end;
            n = strlen(start);
            if (n > 1 && start[n - 1] == '.') /* a sentence's final period */
                start[n - 1] = '\0';
            if (l->nwords < MAX_WORDS)
                l->words[l->nwords++] = start;
        }
        p = next;
    }
}

static int count_word(const struct line *l, const char *word)
{
    int i, n = 0;

    for (i = 0; i < l->nwords; i++)
        n += strcmp(l->words[i], word) == 0;
    return n;
}

static int all_digits(const char *s)
{
    if (*s == '\0')
        return 0;
    for (; *s != '\0'; s++)
        if (!isdigit((unsigned char)*s))
            return 0;
    return 1;
}

/*
 * A decimal field is present when its word appears at least as many times as
 * the segment's decimal fields that have that value: with id 1 and nattch 1,
 * the line needs two words "1".
 */
static int has_decimal(const struct line *l, const struct segment *s, const char *value)
{
    char id[16];
    int needed;

    snprintf(id, sizeof id, "%d", s->id);
    needed = (strcmp(id, value) == 0) + (strcmp(s->bytes, value) == 0) +
             (strcmp(s->nattch, value) == 0) +
             (all_digits(s->owner) && strcmp(s->owner, value) == 0);
    return count_word(l, value) >= (needed > 0 ? needed : 1);
}

static int has_id(const struct line *l, const struct segment *s)
{
    char id[16];

    snprintf(id, sizeof id, "%d", s->id);
    return has_decimal(l, s, id);
}

static int has_key(const struct line *l, const struct segment *s)
{
    unsigned want = (unsigned)strtoul(s->key_text + 2, NULL, 16);
    int i, j;

    for (i = 0; i < l->nwords; i++) {
        const char *w = l->words[i];

        if (strlen(w) != 10 || w[0] != '0' || (w[1] != 'x' && w[1] != 'X'))
            continue;
        for (j = 2; j < 10 && isxdigit((unsigned char)w[j]); j++)
            ;
        if (j == 10 && (unsigned)strtoul(w + 2, NULL, 16) == want)
            return 1;
    }
    return 0;
}

static int has_owner(const struct line *l, const struct segment *s)
{
    size_t n = strlen(s->owner);
    int i;

    if (all_digits(s->owner))
        return has_decimal(l, s, s->owner);
    for (i = 0; i < l->nwords; i++)
        /* ipcs cuts names at 10 characters */
        if (strcmp(l->words[i], s->owner) == 0 ||
            (n == 10 && strncmp(l->words[i], s->owner, n) == 0))
            return 1;
    return 0;
}

static int has_perms(const struct line *l, const struct segment *s)
{
    unsigned long want = strtoul(s->perms, NULL, 8);
    int i;

    for (i = 0; i < l->nwords; i++) {
        const char *w = l->words[i];

        if (strlen(w) <= 4 && strspn(w, "01234567") == strlen(w) && *w != '\0' &&
            strtoul(w, NULL, 8) == want)
            return 1;
    }
    return 0;
}

static int has_dest(const struct line *l)
{
    int i;

    for (i = 0; i < l->nwords; i++)
        if (strcasecmp(l->words[i], "dest") == 0)
            return 1;
    return 0;
}

/* How many of the segment's fields the line shows right. */
static int score_line(const struct line *l, const struct segment *s)
{
    return has_key(l, s) + has_owner(l, s) + has_perms(l, s) + has_decimal(l, s, s->bytes) +
           has_decimal(l, s, s->nattch) + (has_dest(l) == s->dest);
}

/* For each segment, the line that has its id and matches it best. */
static void match_lines(void)
{
    int i, j, best;

    for (i = 0; i < NSEG; i++) {
        found[i] = -1;
        best = -1;
        for (j = 0; j < nlines; j++)
            if (has_id(&lines[j], &segs[i]) && score_line(&lines[j], &segs[i]) > best) {
                best = score_line(&lines[j], &segs[i]);
                found[i] = j;
            }
    }
}

/* A line, quoted, at most 160 characters. */
static const char *quote(const char *text, char *buf, size_t size)
{
    /* TRANSLATORS: a quotation of a line (%.160s), then "..." or "". */
    snprintf(buf, size, _("\"%.160s%s\""), text, strlen(text) > 160 ? "..." : "");
    return buf;
}

/* The start of the output, for feedback. */
static const char *output_start(const char *out, char *buf, size_t size)
{
    size_t n = strlen(out);

    if (n == 0)
        /* TRANSLATORS: what a program printed, when it printed nothing. */
        return _("nothing");
    /* TRANSLATORS: a quotation of the output (%.400s), then "..." or "". */
    snprintf(buf, size, _("\"%.400s%s\""), out, n > 400 ? "..." : "");
    return buf;
}

/* Build the state, run the lister, find each segment's line. */
static void list(struct sb_result *res)
{
    build_state();
    run(LISTER, NULL, res);
    split_output(res->out);
    match_lines();
}

/* Every segment not marked for removal has its line (the base of the listing tests). */
static void assert_listed(const struct sb_result *res, int prerequisite)
{
    char how[1024], seg[300], out[512];
    int i;

    if (prerequisite)
        ck_assert_msg(!res->timed_out && !res->signaled && res->exited && res->exit_status == 0,
                      _("this test needs the listing to work first (see list_ids): %s %s"), LISTER,
                      sb_describe(res, how, sizeof how));
    else
        assert_success(res, LISTER);
    for (i = 0; i < NSEG; i++) {
        if (segs[i].marked || found[i] != -1)
            continue;
        if (prerequisite)
            ck_abort_msg(_("this test needs the listing to work first (see list_ids): no line of "
                           "the output has the id of %s"),
                         describe(&segs[i], seg, sizeof seg));
        ck_abort_msg(_("expected a line with the id %d for %s; no line has it as a word. The "
                       "output was %s%s"),
                     segs[i].id, describe(&segs[i], seg, sizeof seg),
                     output_start(res->out, out, sizeof out),
                     ids_chosen ? _("\n(Here every id differs from its index in the kernel's "
                                    "table: SHM_STAT takes an index and returns the id.)")
                                : "");
    }
}

/* Check one field on every listed segment; `what` names it in the feedback. */
static void assert_field(int (*has)(const struct line *, const struct segment *), const char *what,
                         const char *(*expected)(const struct segment *))
{
    char seg[300], line[200];
    int i;

    for (i = 0; i < NSEG; i++) {
        if (found[i] == -1)
            continue;
        ck_assert_msg(has(&lines[found[i]], &segs[i]),
                      _("expected %s %s on the line of %s; the line is %s"), what,
                      expected(&segs[i]), describe(&segs[i], seg, sizeof seg),
                      quote(lines[found[i]].text, line, sizeof line));
    }
}

static const char *expected_key(const struct segment *s)
{
    return s->key_text;
}

static const char *expected_owner(const struct segment *s)
{
    return s->owner;
}

static const char *expected_perms(const struct segment *s)
{
    return s->perms;
}

static const char *expected_bytes(const struct segment *s)
{
    return s->bytes;
}

static const char *expected_nattch(const struct segment *s)
{
    return s->nattch;
}

static int has_bytes(const struct line *l, const struct segment *s)
{
    return has_decimal(l, s, s->bytes);
}

static int has_nattch(const struct line *l, const struct segment *s)
{
    return has_decimal(l, s, s->nattch);
}

/* ---- the listing tests --------------------------------------------------- */

START_TEST(list_ids)
{
    struct sb_result res;
    struct shm_info_row row;
    char seg[300];
    int i;

    list(&res);
    assert_listed(&res, 0);
    /* Listing must not change anything. */
    for (i = 0; i < NSEG; i++) {
        ck_assert_msg(ipc_find_shm(segs[i].id, &row) == 0,
                      _("after %s ran, %s no longer exists: a lister only reads"), LISTER,
                      describe(&segs[i], seg, sizeof seg));
        ck_assert_msg(row.nattch == (unsigned long)segs[i].attach,
                      _("after %s ran, %s has %lu attachments: the lister stayed attached "
                        "(its processes still run?)"),
                      LISTER, describe(&segs[i], seg, sizeof seg), row.nattch);
    }
    sb_result_free(&res);
}
END_TEST

START_TEST(list_key)
{
    struct sb_result res;

    list(&res);
    assert_listed(&res, 1);
    assert_field(has_key, _("the key (0x followed by 8 hex digits)"), expected_key);
    sb_result_free(&res);
}
END_TEST

START_TEST(list_owner)
{
    struct sb_result res;

    list(&res);
    assert_listed(&res, 1);
    assert_field(has_owner, _("the owner"), expected_owner);
    sb_result_free(&res);
}
END_TEST

START_TEST(list_perms_size)
{
    struct sb_result res;

    list(&res);
    assert_listed(&res, 1);
    assert_field(has_perms, _("the permissions in octal"), expected_perms);
    assert_field(has_bytes, _("the size in bytes"), expected_bytes);
    sb_result_free(&res);
}
END_TEST

START_TEST(list_nattch)
{
    struct sb_result res;

    list(&res);
    assert_listed(&res, 1);
    assert_field(has_nattch, _("the number of attachments"), expected_nattch);
    sb_result_free(&res);
}
END_TEST

START_TEST(list_dest)
{
    struct sb_result res;
    char seg[300], line[200], out[512];
    int i;

    list(&res);
    assert_listed(&res, 1);
    for (i = 0; i < NSEG; i++) {
        if (segs[i].marked) {
            ck_assert_msg(found[i] != -1,
                          _("expected a line for %s; no line has its id %d. A segment marked "
                            "with IPC_RMID stays while it is attached: SHM_STAT still lists it. "
                            "The output was %s"),
                          describe(&segs[i], seg, sizeof seg), segs[i].id,
                          output_start(res.out, out, sizeof out));
            ck_assert_msg(has_dest(&lines[found[i]]),
                          _("expected the word dest on the line of %s; the line is %s"),
                          describe(&segs[i], seg, sizeof seg),
                          quote(lines[found[i]].text, line, sizeof line));
        } else if (found[i] != -1) {
            ck_assert_msg(!has_dest(&lines[found[i]]),
                          _("expected no dest on the line of %s, which is not marked for "
                            "removal; the line is %s"),
                          describe(&segs[i], seg, sizeof seg),
                          quote(lines[found[i]].text, line, sizeof line));
        }
    }
    sb_result_free(&res);
}
END_TEST

/* ---- the removal tests --------------------------------------------------- */

/* Fail unless every segment but `gone` (and the queue) is as it was. */
static void assert_untouched(int gone, const char *what)
{
    struct shm_info_row row;
    struct msqid_ds ds;
    char seg[300];
    int i;

    for (i = 0; i < NSEG; i++) {
        if (i == gone)
            continue;
        ck_assert_msg(ipc_find_shm(segs[i].id, &row) == 0 && row.size == segs[i].size &&
                          row.nattch == (unsigned long)segs[i].attach,
                      _("after `%s`, %s was removed or changed: only the segment named may go"),
                      what, describe(&segs[i], seg, sizeof seg));
    }
    if (queue != -1)
        ck_assert_msg(msgctl(queue, IPC_STAT, &ds) == 0,
                      _("after `%s`, the message queue with key %s was removed: msgctl acts on "
                        "message queues (ipcrm -Q), not on segments"),
                      what, segs[KEYED].key_text);
}

/* Run shmrm opt arg; `command` gets the command line, for feedback. */
static void remove_run(const char *opt, const char *arg, char *command, size_t size,
                       struct sb_result *res)
{
    const char *args[] = {opt, arg, NULL};

    snprintf(command, size, REMOVER " %s %s", opt, arg);
    run(REMOVER, args, res);
}

/* Fail unless `shmrm -m ID` removed segs[which] and nothing else. */
static void assert_removed_by_id(int which, int prerequisite)
{
    struct sb_result res;
    struct shm_info_row row;
    char id[16], command[64], seg[300], how[1024];

    snprintf(id, sizeof id, "%d", segs[which].id);
    remove_run("-m", id, command, sizeof command, &res);
    if (prerequisite)
        ck_assert_msg(res.exited && res.exit_status == 0 &&
                          ipc_find_shm(segs[which].id, &row) == -1,
                      _("this test needs removal by id to work first (see remove_by_id): `%s` %s"),
                      command, sb_describe(&res, how, sizeof how));
    assert_success(&res, command);
    ck_assert_msg(ipc_find_shm(segs[which].id, &row) == -1,
                  _("after `%s`, %s still exists: shmctl(id, IPC_RMID, NULL) removes it"), command,
                  describe(&segs[which], seg, sizeof seg));
    assert_untouched(which, command);
    sb_result_free(&res);
}

START_TEST(remove_by_id)
{
    build_state();
    assert_removed_by_id(READONLY, 0);
}
END_TEST

START_TEST(remove_by_key)
{
    struct sb_result res;
    struct shm_info_row row;
    struct msqid_ds ds;
    char command[64], seg[300], how[1024];

    build_state();
    remove_run("-M", segs[KEYED].key_text, command, sizeof command, &res);
    if (ipc_find_shm(segs[KEYED].id, &row) == 0 && queue != -1 &&
        msgctl(queue, IPC_STAT, &ds) == -1)
        ck_abort_msg(_("after `%s`, %s still exists, but the message queue with the same key was "
                       "removed: msgget/msgctl (and ipcrm -Q) act on message queues; a segment's "
                       "key leads to its id through shmget(key, 0, 0)"),
                     command, describe(&segs[KEYED], seg, sizeof seg));
    ck_assert_msg(!res.timed_out && !res.signaled && res.exited && res.exit_status == 0,
                  _("expected `%s` to remove %s and exit 0; it %s"), command,
                  describe(&segs[KEYED], seg, sizeof seg), sb_describe(&res, how, sizeof how));
    ck_assert_msg(ipc_find_shm(segs[KEYED].id, &row) == -1,
                  _("after `%s`, %s still exists (a key is not an id: shmget(key, 0, 0) gives the "
                    "id)"),
                  command, describe(&segs[KEYED], seg, sizeof seg));
    assert_untouched(KEYED, command);
    sb_result_free(&res);
}
END_TEST

/* `shmrm opt arg` must fail: message on stderr, non-zero status, nothing removed. */
static void assert_refused(const char *opt, const char *arg, const char *why, int gone)
{
    struct sb_result res;
    char command[64], how[1024];

    remove_run(opt, arg, command, sizeof command, &res);
    ck_assert_msg(!res.timed_out && !res.signaled,
                  _("expected `%s` (%s) to stop with a message; it %s"), command, why,
                  sb_describe(&res, how, sizeof how));
    ck_assert_msg(res.exited && res.exit_status != 0,
                  _("expected `%s` (%s) to exit with a non-zero status; it %s"), command, why,
                  sb_describe(&res, how, sizeof how));
    ck_assert_msg(res.err[0] != '\0',
                  _("expected `%s` (%s) to say why on standard error; it printed nothing there"),
                  command, why);
    assert_untouched(gone, command);
    sb_result_free(&res);
}

START_TEST(remove_errors)
{
    char id[16], key[16], why[200];
    int unknown;

    build_state();
    /* The program must work first: then the read-only segment's id is free. */
    assert_removed_by_id(READONLY, 1);
    unknown = segs[READONLY].id;
    snprintf(id, sizeof id, "%d", unknown);
    snprintf(why, sizeof why, _("no segment has id %d any more: shmctl fails with EINVAL"),
             unknown);
    assert_refused("-m", id, why, READONLY);

    for (;;) { /* a key no segment has */
        key_t k = fresh_key(1);

        if (shmget(k, 0, 0) == -1 && errno == ENOENT) {
            snprintf(key, sizeof key, "0x%08x", (unsigned)k);
            break;
        }
    }
    snprintf(why, sizeof why, _("no segment has key %s: shmget fails with ENOENT"), key);
    assert_refused("-M", key, why, READONLY);

    if (root_owner) { /* only as root can a segment belong to someone else */
        snprintf(id, sizeof id, "%d", segs[FOREIGN].id);
        snprintf(why, sizeof why,
                 _("segment %d belongs to root, the program runs as uid %u: shmctl fails with "
                   "EPERM"),
                 segs[FOREIGN].id, (unsigned)sb_uid());
        assert_refused("-m", id, why, READONLY);
    }
}
END_TEST

static const struct graded_test tests[] = {
    {.test = &list_ids,
     .points = 2,
     .title = "shmls lists every segment (one line with its id), exits 0, changes nothing",
     .hint = "Loop over the kernel's table: shmctl(0, SHM_INFO, ...) gives the highest index, "
             "shmctl(index, SHM_STAT, &ds) returns the id of the segment at each index (skip "
             "EINVAL and EACCES). An index is not an id: IPC_STAT on 0, 1, 2... misses segments. "
             "Notes, section 4 (ipcs/ipcrm)."},
    {.test = &list_key,
     .points = 1,
     .title = "shmls shows each key in hexadecimal as ipcs does (0x%08x)",
     .hint = "Print ds.shm_perm.__key with \"0x%08x\", cast to unsigned: in decimal (or as read in "
             "/proc/sysvipc/shm, which is signed decimal) it cannot be compared with ipcs. Notes, "
             "sections 2 (keys) and 4."},
    {.test = &list_owner,
     .points = 1,
     .title = "shmls shows the owner as ipcs does (user name, or uid when it has none)",
     .hint = "The owner is ds.shm_perm.uid (not cuid): getpwuid() gives its name; print the uid in "
             "decimal when getpwuid returns NULL. Notes, section 4."},
    {.test = &list_perms_size,
     .points = 1,
     .title = "shmls shows the permissions in octal and the size in bytes",
     .hint = "Permissions are the low 9 bits of ds.shm_perm.mode, in octal (%o, mode & 0777: the "
             "higher bits hold SHM_DEST); the size is ds.shm_segsz. Notes, sections 3 and 4."},
    {.test = &list_nattch,
     .points = 1,
     .title = "shmls shows how many attachments each segment has",
     .hint = "Print ds.shm_nattch as SHM_STAT returns it, and do not attach the segments yourself "
             "(shmat would add your own attachment to the count). Notes, sections 3 and 4."},
    {.test = &list_dest,
     .points = 2,
     .title = "shmls lists a segment marked for removal but still attached, with dest",
     .hint = "IPC_RMID on an attached segment only marks it: it stays, key 0x00000000, until its "
             "last shmdt. SHM_STAT still returns it; print dest when ds.shm_perm.mode & SHM_DEST. "
             "Notes, section 4 (the errata box)."},
    {.test = &remove_by_id,
     .points = 2,
     .title = "shmrm -m ID removes that segment, and only that one",
     .hint = "shmctl(id, IPC_RMID, NULL) with the id given after -m; check its result. Notes, "
             "sections 3 and 4."},
    {.test = &remove_by_key,
     .points = 2,
     .title = "shmrm -M KEY (hexadecimal) removes the segment with that key",
     .hint = "Parse the key as hexadecimal (strtoll with base 0 reads 0x...; keys above 0x7fffffff "
             "are negative key_t), find the id with shmget(key, 0, 0), then IPC_RMID. A key is not "
             "an id, and msgget/msgctl (ipcrm -Q) act on message queues. Notes, sections 2 and 4 "
             "(the errata box)."},
    {.test = &remove_errors,
     .points = 2,
     .title = "shmrm reports an unknown id or key (and EPERM) and exits non-zero",
     .hint = "Compare shmget's and shmctl's results with -1: ENOENT (no such key), EINVAL (no such "
             "id), EPERM (not the owner) each need a message on stderr and a non-zero exit status. "
             "Notes, section 4."},
    END_OF_TESTS,
};

static const struct lab lab = {
    .name = "07-ipc-inspector",
    .programs = LISTER " " REMOVER,
    .tests = tests,
    .seconds = 0.5, /* the solution, bench/02-speed: the runner starts the longest labs first */
};

LAB_MAIN(lab)

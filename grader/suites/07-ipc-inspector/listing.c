/*
 * listing.c - the tests of shmls: its output, read as lines of words, holds
 * for each segment of the state the fields `ipcs -m` shows.
 */
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

#define MAX_LINES 4096
#define MAX_WORDS 64

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
        if (segs[i].marked || segs[i].hidden || found[i] != -1)
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

/* Lines of the output that hold a word like a key (0x and 8 hex digits). */
static int key_lines(const char *out, char *first, size_t size)
{
    int i, j, n = 0;

    split_output(out);
    first[0] = '\0';
    for (i = 0; i < nlines; i++)
        for (j = 0; j < lines[i].nwords; j++) {
            const char *w = lines[i].words[j];

            if (strlen(w) == 10 && w[0] == '0' && (w[1] == 'x' || w[1] == 'X') &&
                strspn(w + 2, "0123456789abcdefABCDEF") == 8) {
                if (n++ == 0)
                    snprintf(first, size, "%s", lines[i].text);
                break;
            }
        }
    return n;
}

/* The smallest tables: none, then one segment with id 0 and key 0xffffffff. */
START_TEST(list_bounds)
{
    struct sb_result res;
    char first[200], line[200], out[512], how[1024], idw[16], keyw[16], keyW[16];
    int id, i, n = 0, at = -1, hex;
    unsigned key = 0xffffffffu;

    /* Without namespaces (the fallback), the host's segments are listed too:
     * no empty table there, and key 0xffffffff may be taken. */
    if (sb_isolated()) {
        run(LISTER, NULL, &res);
        assert_success(&res, _("shmls (no segment at all)"));
        ck_assert_msg(key_lines(res.out, first, sizeof first) == 0,
                      _("expected no segment line when there is no segment; %s printed %s"), LISTER,
                      quote(first, line, sizeof line));
        sb_result_free(&res);
    } else if (shmget((key_t)key, 0, 0) != -1 || errno != ENOENT) {
        key = (unsigned)fresh_key(1);
    }

    /* One segment: the first of a new namespace gets index 0 and id 0. Its
     * size (4242 bytes) tells its line. */
    id = make_segment((key_t)key, 4242, 0600);
    snprintf(idw, sizeof idw, "%d", id);
    snprintf(keyw, sizeof keyw, "0x%08x", key);
    snprintf(keyW, sizeof keyW, "0x%08X", key);
    run(LISTER, NULL, &res);
    ck_assert_msg(!res.timed_out && !res.signaled && res.exited && res.exit_status == 0,
                  _("expected `%s` to list the only segment (id %d, key %s) and exit 0; it %s"),
                  LISTER, id, keyw, sb_describe(&res, how, sizeof how));
    hex = key_lines(res.out, first, sizeof first); /* splits the output too */
    for (i = 0; i < nlines; i++)
        if (count_word(&lines[i], "4242") >= 1 && count_word(&lines[i], idw) >= 1 && n++ == 0)
            at = i;
    ck_assert_msg(n == 1,
                  _("expected one line for the only segment (id %d, 4242 bytes, key %s, at index "
                    "0 of the table); %d lines have its id and size. The output was %s"),
                  id, keyw, n, output_start(res.out, out, sizeof out));
    /* The key in hexadecimal is list_key's business; if shown, it must be this one. */
    ck_assert_msg(hex == 0 || count_word(&lines[at], keyw) + count_word(&lines[at], keyW) >= 1,
                  _("expected the line of the only segment to show its key as %s (a negative "
                    "key_t, printed cast to unsigned); the line is %s"),
                  keyw, quote(lines[at].text, line, sizeof line));
    sb_result_free(&res);
}
END_TEST

/* A failing shmctl: the first (SHM_INFO), then the second (SHM_STAT). */
START_TEST(list_failure)
{
    static const char *const fails[] = {"shmctl:ENOMEM", "shmctl:ENOMEM:2"};
    struct sb_result res;
    char how[1024], idw[16];
    size_t i;
    int j, listed;

    /* One segment, at index 0: the second shmctl is a SHM_STAT that finds it. */
    snprintf(idw, sizeof idw, "%d", make_segment(fresh_key(0), 4096, 0600));
    for (i = 0; i < sizeof fails / sizeof fails[0]; i++) {
        run_failing(LISTER, NULL, fails[i], &res);
        if (!injected(&res, "shmctl")) {
            /* A lister without shmctl (/proc/sysvipc/shm): a normal run, which must work. */
            split_output(res.out);
            for (j = 0, listed = 0; j < nlines; j++)
                listed |= count_word(&lines[j], idw) > 0;
            ck_assert_msg(!res.timed_out && !res.signaled && res.exited && res.exit_status == 0 &&
                              listed,
                          _("this test needs the listing to work first (see list_ids): %s did "
                            "not list segment %s. It %s"),
                          LISTER, idw, sb_describe(&res, how, sizeof how));
        } else {
            ck_assert_msg(!res.timed_out && !res.signaled && res.exited && res.exit_status != 0 &&
                              res.err[0] != '\0',
                          _("when shmctl fails with ENOMEM (call %d of %s: the grader made it "
                            "fail), expected a message on standard error and a non-zero exit "
                            "status: EINVAL and EACCES are the only errors to skip; it %s"),
                          (int)i + 1, LISTER, sb_describe(&res, how, sizeof how));
        }
        sb_result_free(&res);
    }
}
END_TEST

const struct graded_test listing_tests[] = {
    {.test = &list_ids,
     .points = 2,
     .title = "shmls lists every segment (one line with its id), exits 0, changes nothing",
     .hint =
         "List the kernel's whole table: either shmctl(0, SHM_INFO, ...) for the highest "
         "index, then shmctl(index, SHM_STAT, &ds), which returns the id of the segment at each "
         "index (skip EINVAL and EACCES), or every line of /proc/sysvipc/shm after its header. "
         "An index is not an id: IPC_STAT on 0, 1, 2... misses segments. Notes, section 4 "
         "(ipcs/ipcrm)."},
    {.test = &list_key,
     .points = 1,
     .title = "shmls shows each key in hexadecimal as ipcs does (0x%08x)",
     .hint = "Print the key (ds.shm_perm.__key, or the first column of /proc/sysvipc/shm, which is "
             "signed decimal) with \"0x%08x\", cast to unsigned: in decimal it cannot be compared "
             "with ipcs. Notes, sections 2 (keys) and 4."},
    {.test = &list_owner,
     .points = 1,
     .title = "shmls shows the owner as ipcs does (user name, or uid when it has none)",
     .hint = "The owner is the uid (ds.shm_perm.uid, or the uid column of /proc/sysvipc/shm), not "
             "the creator (cuid): getpwuid() gives its name; print the uid in decimal when "
             "getpwuid returns NULL. Notes, section 4."},
    {.test = &list_perms_size,
     .points = 1,
     .title = "shmls shows the permissions in octal and the size in bytes",
     .hint = "Permissions are the low 9 bits of the mode (ds.shm_perm.mode, or the perms column of "
             "/proc/sysvipc/shm), in octal (%o, mode & 0777: the higher bits hold SHM_DEST); the "
             "size is ds.shm_segsz (the size column). Notes, sections 3 and 4."},
    {.test = &list_nattch,
     .points = 1,
     .title = "shmls shows how many attachments each segment has",
     .hint = "Print ds.shm_nattch as SHM_STAT returns it (or the nattch column of "
             "/proc/sysvipc/shm), and do not attach the segments yourself (shmat would add your "
             "own attachment to the count). Notes, sections 3 and 4."},
    {.test = &list_dest,
     .points = 2,
     .title = "shmls lists a segment marked for removal but still attached, with dest",
     .hint = "IPC_RMID on an attached segment only marks it: it stays, key 0x00000000, until its "
             "last shmdt. SHM_STAT and /proc/sysvipc/shm still list it; print dest when the mode "
             "has SHM_DEST (01000). Notes, section 4 (the errata box)."},
    {.test = &list_bounds,
     .points = 1,
     .title = "shmls lists an empty table, and a table of one segment (id 0, key 0xffffffff)",
     .hint = "The table may be empty (SHM_INFO then returns 0 and SHM_STAT(0) fails with EINVAL), "
             "and its only segment may sit at index 0 with id 0: loop from 0 to the highest index "
             "included, and print the key cast to unsigned (0xffffffff is key_t -1). Notes, "
             "section 4."},
    {.test = &list_failure,
     .points = 1,
     .title = "shmls reports a failed shmctl (other than EINVAL, EACCES) and exits non-zero",
     .hint = "Check shmctl(SHM_INFO) against -1, and after a failed SHM_STAT skip the index only "
             "on EINVAL or EACCES: any other error needs die(), a message and a non-zero status. "
             "Handout, steps 1 and 2."},
    END_OF_TESTS,
};

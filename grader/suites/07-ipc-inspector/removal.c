/*
 * removal.c - the tests of shmrm: by id, by key, and its errors.
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
    char command[64], how[1024], seen[256];

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
    ck_assert_msg(went_on(&res, "shmget", "shmctl(", seen, sizeof seen) == NULL,
                  _("expected `%s` (%s) to stop when shmget failed; it went on with %s, as if "
                    "shmget had found an id"),
                  command, why, seen);
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

/* Does `shmrm opt arg` remove segment id and exit 0? */
static int removes(const char *opt, const char *arg, int id)
{
    struct sb_result res;
    struct shm_info_row row;
    char command[64];
    int ok;

    remove_run(opt, arg, command, sizeof command, &res);
    ok = !res.timed_out && !res.signaled && res.exited && res.exit_status == 0 &&
         ipc_find_shm(id, &row) == -1;
    sb_result_free(&res);
    return ok;
}

/* Remove segment id (made for the test) with `shmrm opt arg`: exit 0, gone. */
static void assert_removes(const char *opt, const char *arg, int id, const char *what)
{
    struct sb_result res;
    struct shm_info_row row;
    char command[64], how[1024];

    remove_run(opt, arg, command, sizeof command, &res);
    ck_assert_msg(!res.timed_out && !res.signaled && res.exited && res.exit_status == 0 &&
                      ipc_find_shm(id, &row) == -1,
                  _("expected `%s` to remove %s and exit 0; it %s%s"), command, what,
                  sb_describe(&res, how, sizeof how),
                  ipc_find_shm(id, &row) == 0 ? _(", and the segment is still there") : "");
    sb_result_free(&res);
}

/* The boundaries: id 0, and the keys 0x00000001, 0x80000000, 0xffffffff. */
START_TEST(remove_bounds)
{
    static const unsigned keys[] = {0x00000001u, 0x80000000u, 0xffffffffu};
    char arg[16], what[160];
    size_t i;
    int id;
    key_t ordinary;

    /* The first segment of this test's namespace gets id 0 (isolated). */
    id = make_segment(fresh_key(0), 4096, 0600);
    ck_assert_msg(id == 0 || !sb_isolated(),
                  _("grader: the first segment of a new namespace got id %d, not 0"), id);
    snprintf(arg, sizeof arg, "%d", id);
    snprintf(what, sizeof what, _("segment id %d (ids start at 0)"), id);
    assert_removes("-m", arg, id, what);
    /* Removal by key must work first: an ordinary key (remove_by_key's business). */
    ordinary = fresh_key(0);
    snprintf(arg, sizeof arg, "0x%08x", (unsigned)ordinary);
    if (!removes("-M", arg, make_segment(ordinary, 4096, 0600)))
        return;
    for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        /* Without namespaces (the fallback) these keys are the host's, and
         * another grading may hold them: a fresh key of the same sign. */
        unsigned key = sb_isolated() ? keys[i] : (unsigned)fresh_key(keys[i] > 0x7fffffffu);

        id = make_segment((key_t)key, 4096, 0600);
        snprintf(arg, sizeof arg, "0x%08x", key);
        snprintf(what, sizeof what,
                 _("the segment with key %s (key_t %d: keys above 0x7fffffff are negative)"), arg,
                 (int)(key_t)key);
        assert_removes("-M", arg, id, what);
    }
}
END_TEST

/* What is not a whole id or key is refused, even when it starts like one. */
START_TEST(remove_bad_input)
{
    char arg[32], why[200];

    build_state();
    snprintf(arg, sizeof arg, "%dx", segs[READONLY].id);
    snprintf(why, sizeof why, _("an id followed by other characters is not an id"));
    assert_refused("-m", arg, why, -1);
    snprintf(arg, sizeof arg, "%s.5", segs[READONLY].key_text);
    snprintf(why, sizeof why, _("a key followed by other characters is not a key"));
    assert_refused("-M", arg, why, -1);
    snprintf(arg, sizeof arg, "0x1%s", segs[READONLY].key_text + 2);
    snprintf(why, sizeof why, _("a key has 32 bits: %s is too large"), arg);
    assert_refused("-M", arg, why, -1);
    assert_refused("-M", "0x00000000",
                   _("key 0 is IPC_PRIVATE, the key of every private "
                     "segment: it names no segment"),
                   -1);
}
END_TEST

/* The report: gone, or only marked (dest) because it is still attached. */
START_TEST(remove_report)
{
    struct sb_result res;
    struct shm_info_row row;
    char id[16], command[64], seg[300], out[200];

    build_state();
    snprintf(id, sizeof id, "%d", segs[READONLY].id);
    remove_run("-m", id, command, sizeof command, &res);
    assert_success(&res, command);
    ck_assert_msg(res.out[0] != '\0' && !has_word(res.out, "dest"),
                  _("expected `%s` to say on standard output that %s is gone, without the word "
                    "dest (it was not attached: it no longer exists); it printed %s"),
                  command, describe(&segs[READONLY], seg, sizeof seg),
                  excerpt(res.out, out, sizeof out));
    sb_result_free(&res);

    snprintf(id, sizeof id, "%d", segs[PRIVATE].id);
    remove_run("-m", id, command, sizeof command, &res);
    assert_success(&res, command);
    ck_assert_msg(ipc_find_shm(segs[PRIVATE].id, &row) == 0 && row.dest,
                  _("after `%s`, expected %s to be marked for removal (still attached, dest)"),
                  command, describe(&segs[PRIVATE], seg, sizeof seg));
    ck_assert_msg(has_word(res.out, "dest"),
                  _("expected `%s` to say on standard output that %s is only marked for removal, "
                    "with the word dest as ipcs shows it (it is still attached: IPC_STAT still "
                    "works on it); it printed %s"),
                  command, describe(&segs[PRIVATE], seg, sizeof seg),
                  excerpt(res.out, out, sizeof out));
    sb_result_free(&res);
}
END_TEST

/* A failure the handout names no message for: the system's text says why. */
static void assert_reports_failure(const char *opt, const char *arg, int which, const char *call,
                                   const char *fail)
{
    struct sb_result res;
    struct shm_info_row row;
    char command[64], how[1024], err[200];
    const char *args[] = {opt, arg, NULL};

    snprintf(command, sizeof command, REMOVER " %s %s", opt, arg);
    run_failing(REMOVER, args, fail, &res);
    if (!injected(&res, call)) {
        /* The program does without that call: a normal run, which must work
         * (which < 0: that is another test's business). */
        ck_assert_msg(which < 0 || (res.exited && res.exit_status == 0 &&
                                    ipc_find_shm(segs[which].id, &row) == -1),
                      _("this test needs removal to work first (see remove_by_id and "
                        "remove_by_key): `%s` %s"),
                      command, sb_describe(&res, how, sizeof how));
        sb_result_free(&res);
        return;
    }
    ck_assert_msg(!res.timed_out && !res.signaled && res.exited && res.exit_status != 0,
                  _("when %s fails with ENOMEM (the grader made it fail), expected `%s` to stop "
                    "with a non-zero exit status; it %s"),
                  call, command, sb_describe(&res, how, sizeof how));
    ck_assert_msg(strstr(res.err, strerror(ENOMEM)) != NULL || strstr(res.err, "ENOMEM") != NULL,
                  _("when %s fails with ENOMEM (the grader made it fail), expected `%s` to give "
                    "the system's reason on standard error (\"%s\", as die() or perror() print "
                    "it): an error other than those the handout names is not \"no such "
                    "segment\" nor \"not allowed\"; it printed %s"),
                  call, command, strerror(ENOMEM), excerpt(res.err, err, sizeof err));
    assert_untouched(-1, command);
    sb_result_free(&res);
}

START_TEST(remove_failure)
{
    char id[16];

    build_state();
    snprintf(id, sizeof id, "%d", segs[READONLY].id);
    assert_reports_failure("-m", id, READONLY, "shmctl", "shmctl:ENOMEM");
    /* Last: a program without shmget runs normally here, and removes the segment. */
    /* Removal by key without shmget, if it fails, is remove_by_key's business. */
    assert_reports_failure("-M", segs[KEYED].key_text, -1, "shmget", "shmget:ENOMEM");
}
END_TEST

const struct graded_test removal_tests[] = {
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
             "id), EPERM (not the owner) each need a message on stderr and a non-zero exit status; "
             "after a failed shmget, stop: -1 is not an id. Notes, section 4."},
    {.test = &remove_bounds,
     .points = 1,
     .title = "shmrm removes segment id 0, and the keys 0x00000001, 0x80000000, 0xffffffff",
     .hint = "Ids start at 0. A key is 32 bits: strtoll(text, &end, 0) and accept 1..0xffffffff "
             "(0x80000000 and above become negative key_t, value - 0x100000000); refuse only 0. "
             "Handout, step 5."},
    {.test = &remove_bad_input,
     .points = 1,
     .title = "shmrm refuses an id or key followed by other characters, too large, or key 0",
     .hint = "atoi and sscanf stop at the first non-digit: \"12x\" becomes 12, which may be "
             "someone's segment. Check strtol/strtoll's end pointer (*end == '\\0') and the range, "
             "and refuse key 0 (IPC_PRIVATE). Handout, step 5."},
    {.test = &remove_report,
     .points = 1,
     .title = "shmrm says whether the segment is gone or only marked for removal (dest)",
     .hint = "After IPC_RMID, IPC_STAT still works on a segment that is only marked (it is still "
             "attached: say dest, as ipcs does) and fails with EINVAL on one that is gone. "
             "Handout, step 6."},
    {.test = &remove_failure,
     .points = 1,
     .title = "shmrm reports any other failure of shmget or shmctl with the system's reason",
     .hint = "EINVAL, ENOENT and EPERM have messages of their own; for any other error, die() "
             "(or perror) gives the reason, and the exit status is non-zero. Handout, steps 6 "
             "and 7."},

    END_OF_TESTS,
};

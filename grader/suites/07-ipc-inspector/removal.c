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
             "id), EPERM (not the owner) each need a message on stderr and a non-zero exit status. "
             "Notes, section 4."},

    END_OF_TESTS,
};

/*
 * segments.c - the key file and the key, and the segments of lab 02: the
 * one the producer made, found by its key, and those the grader makes for
 * the programs, reads back and removes. The test process keeps its
 * privileges (sandbox.h): it may attach and remove any segment, whatever
 * its mode.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <unistd.h>

#include "../../po/i18n.h"
#include "suite.h"
#include "lab02.h"

/* ---- the key file and the key ------------------------------------------ */

const char *key_path(void)
{
    static char path[PATH_MAX];

    snprintf(path, sizeof path, "%s/%s", sb_workdir(), KEY_FILE);
    return path;
}

/* Is a segment with this key there already (anyone's)? */
static int key_taken(key_t key)
{
    return shmget(key, 0, 0) != -1 || errno != ENOENT;
}

/*
 * Create the key file in the programs' folder, owned by their user. In the
 * fallback the machine's segments are visible, and another grading's may
 * have the key ftok gives this file (ftok keeps only part of the inode): the
 * file is then set aside and made again, with another inode, until its key
 * is free.
 */
void make_key_file(void)
{
    char spare[PATH_MAX + 16];
    int fd, tries;

    for (tries = 0;; tries++) {
        fd = open(key_path(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
        ck_assert_msg(fd != -1, _("grader: cannot create %s: %s"), key_path(), strerror(errno));
        close(fd);
        if (sb_isolated() || tries == 50 || !key_taken(ftok(key_path(), PROJECT_ID)))
            break;
        snprintf(spare, sizeof spare, "%s.taken-%d", key_path(), tries);
        ck_assert_msg(rename(key_path(), spare) == 0, _("grader: cannot rename %s: %s"), key_path(),
                      strerror(errno));
    }
    ck_assert_msg(chown(key_path(), sb_uid(), sb_gid()) == 0, _("grader: cannot chown %s: %s"),
                  key_path(), strerror(errno));
}

/* The key both programs must use, computed by the grader itself. */
key_t expected_key(void)
{
    key_t key = ftok(key_path(), PROJECT_ID);

    ck_assert_msg(key != -1, _("grader: ftok(%s) failed: %s"), key_path(), strerror(errno));
    return key;
}

/* ---- segments ------------------------------------------------------------ */

/* Find the segment with this key; 0 if found (row filled), -1 if none. */
int find_key(key_t key, struct shm_info_row *row)
{
    struct shm_info_row rows[256];
    int i, n = ipc_list_shm(rows, 256);

    for (i = 0; i < n; i++)
        if (rows[i].key == key) {
            *row = rows[i];
            return 0;
        }
    return -1;
}

/*
 * The segment the producer made: the one with the expected key or, in a
 * namespace of our own where it is the only one, whatever its key (a wrong
 * key is the test key_is_ftok's business, not every test's).
 */
void producer_segment(struct shm_info_row *row, const struct sb_result *res)
{
    struct shm_info_row rows[8];
    char how[1024], calls[600];
    int n;

    if (find_key(expected_key(), row) == 0)
        return;
    n = ipc_list_shm(rows, 8);
    if (sb_isolated() && n == 1) {
        *row = rows[0];
        return;
    }
    ck_abort_msg(_("expected the producer to leave a segment for the consumer; %d segments "
                   "exist\nThe producer %s\nIPC calls seen: %s"),
                 n, sb_describe(res, how, sizeof how), sb_calls(res, calls, sizeof calls));
}

/* Remove the segment with this key, if there is one (the grader may). */
static void remove_key(key_t key)
{
    struct shm_info_row row;

    if (find_key(key, &row) == 0)
        ck_assert_msg(shmctl(row.id, IPC_RMID, NULL) == 0, _("grader: cannot remove segment %d"),
                      row.id);
}

/*
 * Remove what the programs made: in a namespace of our own, every segment
 * (whatever its key); without namespaces, only the one with the expected key.
 */
void remove_segments(void)
{
    if (sb_isolated())
        ipc_remove_all();
    else
        remove_key(expected_key());
}

/* Create a segment with this key, holding text, given to the programs' user. */
int make_segment(key_t key, size_t size, unsigned mode, const char *text)
{
    int id = shmget(key, size, IPC_CREAT | IPC_EXCL | 0600);
    char *p;

    ck_assert_msg(id != -1, _("grader: cannot create a segment: %s"), strerror(errno));
    p = shmat(id, NULL, 0);
    ck_assert_msg(p != (void *)-1, _("grader: cannot attach its segment: %s"), strerror(errno));
    snprintf(p, size, "%s", text);
    shmdt(p);
    ck_assert_msg(ipc_chown_shm(id, sb_uid(), sb_gid(), mode) == 0,
                  _("grader: cannot give its segment to the programs' user: %s"), strerror(errno));
    return id;
}

/* The segment with the expected key, holding text (the grader's own, for a test). */
int grader_segment(size_t size, unsigned mode, const char *text)
{
    return make_segment(expected_key(), size, mode, text);
}

/* Copy the first `size` bytes of segment id into buf (the grader may read any segment). */
void read_segment(int id, char *buf, size_t size)
{
    const char *p = shmat(id, NULL, SHM_RDONLY);

    ck_assert_msg(p != (void *)-1, _("grader: cannot attach segment %d: %s"), id, strerror(errno));
    memcpy(buf, p, size);
    shmdt(p);
}

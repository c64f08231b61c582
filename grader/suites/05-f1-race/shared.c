/*
 * shared.c - the records while the race runs, as the system shows them: one
 * segment, attached by the parent and every car and never written past its
 * end (one_segment_shared), and one semaphore that every process takes to
 * touch the records: the grader holds it and counts who waits
 * (snapshots_locked).
 */
#define _GNU_SOURCE /* semtimedop */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <time.h>
#include <unistd.h>

#include "../../po/i18n.h"
#include "suite.h"
#include "lab05.h"

/*
 * Watch the bytes past the segment's size, in its last page, until the race
 * ends: the offset of the first one that is not 0, or -1. The kernel maps
 * whole pages: a write one record past the end lands there, and nothing
 * stops it.
 */
static long written_past_end(const struct sb_proc *proc, int id, size_t size)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE), end = (size + page - 1) / page * page, i;
    const volatile unsigned char *p = shmat(id, NULL, SHM_RDONLY);
    double deadline = now() + 10 * sb_timeout_scale(); /* the program's own bound is first */
    long found = -1;

    if (p == (void *)-1)
        return -1;
    do {
        for (i = size; i < end && found == -1; i++)
            if (p[i] != 0)
                found = (long)i;
        if (found == -1)
            nap_ms(1);
    } while (found == -1 && !sb_ended(proc) && now() < deadline);
    shmdt((const void *)p);
    return found;
}

START_TEST(one_segment_shared)
{
    struct sb_proc *p = start_timed(TIMED_LAPS, 10, NULL);
    struct sb_result res;
    unsigned long most;
    int segments, id = wait_running(TIMED_CARS, &most, &segments);
    char how[1024], seen[120];

    struct shm_info_row row;
    size_t bytes = id != -1 && ipc_find_shm(id, &row) == 0 ? row.size : 0;
    long past = bytes > 0 ? written_past_end(p, id, bytes) : -1;

    sb_wait(p, &res);
    if (segments == 0)
        snprintf(seen, sizeof seen, "%s", _("no segment of the program's existed"));
    else
        snprintf(seen, sizeof seen, _("%d segments existed, with at most %lu attachments"),
                 segments, most);
    ck_assert_msg(id != -1,
                  _("expected one segment attached by the parent and its %d cars (shm_nattch = %d) "
                    "while the race runs; %s (the program %s)"),
                  TIMED_CARS, TIMED_CARS + 1, seen, sb_describe(&res, how, sizeof how));
    ck_assert_msg(bytes % (TIMED_CARS * sizeof(double)) == 0,
                  _("the segment holds %zu bytes for %d cars, %.2f bytes a car: not the size of "
                    "a struct car, whose double fields make it a multiple of %zu; create "
                    "ncars * sizeof(struct car) bytes"),
                  bytes, TIMED_CARS, (double)bytes / TIMED_CARS, sizeof(double));
    ck_assert_msg(past == -1,
                  _("the program wrote past the end of its segment: the segment has %zu bytes, "
                    "and byte %ld, beyond them, is not 0 (the kernel maps whole pages, so "
                    "nothing stopped it); a loop over the cars went one record too far (<= for "
                    "<?)"),
                  bytes, past);
    ck_assert_msg(res.exited && res.exit_status == 0,
                  _("expected the timed race to end with status 0; the program %s"),
                  sb_describe(&res, how, sizeof how));
    sb_result_free(&res);
}
END_TEST

/* The semaphore set of the program: the only one it owns. */
static int find_semaphore(char *why, size_t size)
{
    int found, count = count_mine(SETS, &found);

    if (count == 0)
        snprintf(why, size, "%s", _("no System V semaphore set exists while the race runs"));
    else if (count > 1)
        snprintf(why, size, _("%d semaphore sets exist; expected one set of one semaphore"), count);
    return count == 1 ? found : -1;
}

/*
 * Stop each process of the program that waits for the semaphore, and let it
 * go on (SIGSTOP, then SIGCONT once it is stopped): its semop() returns EINTR
 * (Linux does so even without a handler), and P must start the wait again.
 */
static void stop_and_continue_waiters(const struct sb_proc *p)
{
    struct sb_process procs[MAX_ROWS];
    int n = sb_processes(p, procs, MAX_ROWS), i, j, tries;

    for (i = 0; i < n; i++) {
        if (!procs[i].in_semop || kill(procs[i].pid, SIGSTOP) == -1)
            continue;
        for (tries = 0; tries < 200; tries++) { /* until it is stopped: SIGCONT would cancel it */
            struct sb_process now_[MAX_ROWS];
            int m = sb_processes(p, now_, MAX_ROWS), stopped = 0;

            for (j = 0; j < m; j++)
                if (now_[j].pid == procs[i].pid)
                    stopped = now_[j].state == 'T' || now_[j].state == 't';
            if (stopped || m == 0)
                break;
            nap_us(500);
        }
        kill(procs[i].pid, SIGCONT);
    }
}

START_TEST(snapshots_locked)
{
    static const char *const guard[] = {"SHMLAB_GUARD=1", NULL};
    struct sb_proc *p = start_timed(TIMED_LAPS, 15, guard);
    struct sb_result res;
    struct sembuf take = {0, -1, 0}, give = {0, +1, 0};
    struct timespec limit = {3, 0};
    int semid, ncnt = 0, max_ncnt = 0;
    char why[600] = "", how[1024];
    double held, deadline;
    struct sem_info_row rows[64];
    int nrows, i, nsems = 1;

    assert_running(p);
    semid = find_semaphore(why, sizeof why);
    if (semid == -1) {
        sb_wait(p, &res);
        ck_abort_msg("%s", why);
    }
    nrows = ipc_list_sem(rows, 64);
    for (i = 0; i < nrows; i++)
        if (rows[i].id == semid)
            nsems = rows[i].nsems;
    if (nsems != 1) {
        sb_wait(p, &res);
        ck_abort_msg(_("the race's semaphore set holds %d semaphores; expected a set of one"),
                     nsems);
    }
    limit.tv_sec = (time_t)(3 * sb_timeout_scale());
    if (semtimedop(semid, &take, 1, &limit) == -1) {
        int err = errno;

        sb_wait(p, &res);
        ck_abort_msg(_("the grader could not take the race's semaphore within %ld s (%s): is it "
                       "ever given back, and does it start at 1?"),
                     (long)limit.tv_sec, strerror(err));
    }
    /* The grader holds the semaphore: every process that follows the rule
     * must end up waiting for it: the cars to write, the parent to copy. */
    held = now();
    deadline = held + 3 * sb_timeout_scale();
    while (now() < deadline) {
        ncnt = semctl(semid, 0, GETNCNT);
        if (ncnt > max_ncnt)
            max_ncnt = ncnt;
        if (ncnt >= TIMED_CARS + 1)
            break;
        nap_ms(2);
    }
    held = now() - held;
    if (max_ncnt >= TIMED_CARS + 1)
        stop_and_continue_waiters(p); /* their P sees EINTR: it must wait again */
    semop(semid, &give, 1);
    sb_wait(p, &res);
    ck_assert_msg(max_ncnt >= TIMED_CARS + 1,
                  _("while the grader held the race's semaphore for %.1f s, at most %d processes "
                    "waited for it; expected %d: the %d cars, to write their records, and the "
                    "parent, to copy them for the live view (the parent read the records without "
                    "the semaphore)"),
                  held, max_ncnt, TIMED_CARS + 1, TIMED_CARS);
    ck_assert_msg(res.exited && res.exit_status == 0,
                  _("expected the race to go on and end with status 0 once the grader gave the "
                    "semaphore back (and had stopped and continued each process waiting for it: "
                    "its semop() returned EINTR, and P waits again); the program %s"),
                  sb_describe(&res, how, sizeof how));
    ck_assert_msg(lock_discipline(res.trace, why, sizeof why) == 0, "%s", why);
    sb_result_free(&res);
}
END_TEST

const struct graded_test shared_tests[] = {
    {.test = &one_segment_shared,
     .points = 2,
     .title = "one segment is attached by the parent and every car (nattch = cars + 1)",
     .hint = "Create and attach the segment once, in the parent, before fork(): each car inherits "
             "the attachment. Notes, sections 3 and 5."},
    {.test = &snapshots_locked,
     .points = 3,
     .title = "the cars and the parent take the semaphore to touch the records",
     .hint = "The parent copies the array between P() and V(), like the cars write, and only "
             "there: without it, a copy may mix two states of a record. Hold the semaphore for "
             "the copy or the update only (never while driving or sleeping), give back each P "
             "with one V, both with SEM_UNDO. Notes, sections 6 and 7."},
    END_OF_TESTS,
};

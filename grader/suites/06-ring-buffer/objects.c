/*
 * objects.c - ring's IPC objects: removed when the program ends, and a
 * segment large enough for the largest ring.
 */
#include "../../po/i18n.h"
#include "suite.h"
#include "lab06.h"

START_TEST(removed)
{
    struct sb_result res;
    char left[1024];
    int leaked;

    check_small_run(&res);
    leaked = ipc_leftovers(NULL, 0, left, sizeof left);
    ck_assert_msg(leaked == 0,
                  _("expected nothing left when the program ended; %d objects were never removed: "
                    "%s"),
                  leaked, left);
    sb_result_free(&res);
}
END_TEST

/*
 * The largest ring, 4096 slots, with more items than slots: the indexes go
 * round and the last slot is used. A System V segment must hold the layout
 * of ring.h: sizeof(struct ring) + 4096 * sizeof(struct item) bytes. The
 * grader looks at it while it holds the mutex (so the run cannot end first).
 */
START_TEST(slots_4096)
{
    /* One of each (no race in play), and as many items as slots and more:
     * the last slot is used. */
    static const struct config c = {4096, 1, 1, 4200};
    const size_t need = RING_BYTES(c.slots);
    struct shm_info_row shm[64];
    struct sb_proc *proc = start_ring(&c, 4 * RUN_TIMEOUT);
    double deadline = now() + RUN_TIMEOUT * sb_timeout_scale();
    int semid = hold_mutex(proc, deadline), n, i;
    size_t largest = 0;

    /* The children need the segment to go on: it exists before they can. */
    while (semid != -1 && largest == 0 && now() < deadline && !sb_ended(proc)) {
        n = ipc_list_shm(shm, 64);
        for (i = 0; i < n; i++)
            if (shm[i].uid == sb_uid() && shm[i].size > largest)
                largest = shm[i].size;
        if (largest == 0)
            nap_ms(1);
    }
    if (semid != -1)
        give_mutex(semid);
    check_ended(proc, &c, "");
    ck_assert_msg(largest == 0 || largest >= need,
                  _("`ring -s %d ...`: its System V segment has %zu bytes; the ring of ring.h "
                    "needs sizeof(struct ring) + %d * sizeof(struct item) = %zu bytes"),
                  c.slots, largest, c.slots, need);
}
END_TEST

const struct graded_test object_tests[] = {
    {.test = &removed,
     .points = 2,
     .title = "the segment and the semaphore set are removed at the end",
     .hint = "Segments and semaphore sets outlive the processes: after waiting for the children, "
             "remove the set (semctl(semid, 0, IPC_RMID)) and the segment (shmctl(shmid, IPC_RMID, "
             "NULL)). Notes, sections 3, 4 and 7."},
    {.test = &slots_4096,
     .points = 1,
     .title = "4096 slots, the largest ring: the segment holds them all, the indexes go round",
     .hint = "The segment holds the header and N slots: sizeof(struct ring) + N * sizeof(struct "
             "item) bytes, with N up to RING_MAX_SLOTS (4096). With more items than slots the "
             "indexes go round and the last slot, N - 1, is used too. Notes, section 4."},
    END_OF_TESTS,
};

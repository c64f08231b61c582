/*
 * watch.c - the mutex of ring.h watched: the grader finds the program's
 * System V set of three semaphores, takes the mutex as a producer or a
 * consumer would, and sees whether anyone touches the ring meanwhile.
 */
#include <errno.h>
#include <sys/sem.h>
#include <sys/shm.h>

#include "../../po/i18n.h"
#include "suite.h"
#include "lab06.h"

/* The semaphore roles of ring.h: a System V set of three. */
#define SEM_EMPTY  0
#define SEM_FULL   1
#define SEM_MUTEX  2
#define SEM_COUNT  3
#define HOLD_WATCH 0.3 /* seconds the grader holds the mutex and watches */

/* The program's set of three semaphores (ring.h), or -1. */
static int find_ring_set(void)
{
    struct sem_info_row sem[64];
    int n = ipc_list_sem(sem, 64), i, id = -1;

    for (i = 0; i < n; i++)
        if (sem[i].uid == sb_uid() && sem[i].nsems == SEM_COUNT)
            id = sem[i].id;
    return id;
}

/* Give the mutex back (V, with SEM_UNDO, as it was taken). */
void give_mutex(int semid)
{
    struct sembuf v = {SEM_MUTEX, +1, SEM_UNDO};

    semop(semid, &v, 1);
}

/*
 * Take the mutex as the protocol says (P, with SEM_UNDO), once `full` has at
 * least need_full items; keep trying until the deadline, or until the set is
 * gone (the program ended: nothing more to watch). Returns 1 if held.
 */
static int take_mutex(int semid, int need_full, double deadline)
{
    struct sembuf p = {SEM_MUTEX, -1, IPC_NOWAIT | SEM_UNDO};

    while (now() < deadline) {
        if (semop(semid, &p, 1) == 0) {
            if (semctl(semid, SEM_FULL, GETVAL) >= need_full)
                return 1;
            give_mutex(semid); /* no item to take yet: let the producers go on */
        } else if (errno != EAGAIN && errno != EINTR) {
            return 0; /* EIDRM, EINVAL: the program removed its set */
        }
        nap_ms(1);
    }
    return 0;
}

/* For the tests that need every child held up (lab06.h). */
int hold_mutex(struct sb_proc *proc, double deadline)
{
    int semid = -1;

    while (semid == -1 && now() < deadline && !sb_ended(proc)) {
        semid = find_ring_set();
        if (semid == -1)
            nap_ms(1);
    }
    return semid != -1 && take_mutex(semid, 0, deadline) ? semid : -1;
}

/*
 * The header of ring.h at the start of the program's segment (the one big
 * enough for `slots` items), attached read-only, or NULL.
 */
static const volatile unsigned *attach_ring_header(int slots)
{
    struct shm_info_row shm[64];
    int n = ipc_list_shm(shm, 64), i;
    void *p;

    for (i = n - 1; i >= 0; i--)
        if (shm[i].uid == sb_uid() && shm[i].size >= RING_BYTES(slots)) {
            p = shmat(shm[i].id, NULL, SHM_RDONLY);
            return p != (void *)-1 ? p : NULL;
        }
    return NULL;
}

/*
 * Hold the mutex for HOLD_WATCH seconds: nobody may give it back (V), and
 * the ring's indexes (in, out: ring.h) may not move. Returns 0 if nothing
 * moved, the mutex's value if it rose, -1 if only an index moved.
 */
static int watch_mutex(int semid, const volatile unsigned *ring)
{
    double end = now() + HOLD_WATCH * sb_timeout_scale();
    unsigned in = ring != NULL ? ring[1] : 0, out = ring != NULL ? ring[2] : 0;
    int val = 0;

    while (val == 0 && now() < end) {
        val = semctl(semid, SEM_MUTEX, GETVAL);
        if (val == -1) /* the set is gone (the program ended): nothing was seen */
            return 0;
        if (val == 0 && ring != NULL && (ring[1] != in || ring[2] != out))
            val = -1;
        nap_ms(1);
    }
    give_mutex(semid);
    return val;
}

/*
 * The grader takes the mutex itself, as a process of the protocol would:
 * first before the producers start (any slot is free, so a producer that
 * skips P(mutex) goes on and its V shows), then once items wait in the ring
 * (a consumer that skips it goes on the same way). A correct program waits.
 * Only for the System V set of ring.h: the handout leaves the API free.
 */
START_TEST(mutex_respected)
{
    static const struct config c = {4096, 2, 2, 1000};
    struct sb_result res;
    struct sb_proc *proc;
    double deadline;
    const volatile unsigned *ring;
    int semid = -1, seen = 0, phase;
    char how[1024], cmd[96];
    struct tally t;

    proc = start_ring(&c, 4 * RUN_TIMEOUT);
    deadline = now() + RUN_TIMEOUT * sb_timeout_scale();
    while (semid == -1 && now() < deadline) {
        semid = find_ring_set();
        if (semid == -1)
            nap_ms(1);
    }
    ring = semid != -1 ? attach_ring_header(c.slots) : NULL;
    for (phase = 0; semid != -1 && phase < 2 && seen == 0; phase++) {
        if (!take_mutex(semid, phase, deadline))
            break;
        seen = watch_mutex(semid, ring);
    }
    if (ring != NULL)
        shmdt((const void *)ring);
    sb_wait(proc, &res);
    /* Passing needs a program that works: all the items, exit status 0. */
    ck_assert_msg(tally_items(res.out, &c, &t) && res.exited && res.exit_status == 0,
                  _("this test needs the program to work first: `%s` did not print every item "
                    "once and exit 0 (see the test one_to_one). The program %s"),
                  command(&c, cmd, sizeof cmd), sb_describe(&res, how, sizeof how));
    ck_assert_msg(seen >= 0,
                  _("while the grader held the mutex (semaphore %d, taken with P), the ring's "
                    "index %s moved: a %s changed the ring without taking the mutex. The "
                    "program %s"),
                  SEM_MUTEX, phase == 1 ? "in" : "out", phase == 1 ? _("producer") : _("consumer"),
                  sb_describe(&res, how, sizeof how));
    ck_assert_msg(seen <= 0,
                  phase == 1
                      ? _("while the grader held the mutex (semaphore %d, taken with P while "
                          "every slot was free), its value rose to %d: a producer changed "
                          "the ring without P(mutex) and gave back a V it never took. The "
                          "program %s")
                      : _("while the grader held the mutex (semaphore %d, taken with P "
                          "while items waited in the ring), its value rose to %d: a "
                          "consumer changed the ring without P(mutex) and gave back a V it "
                          "never took. The program %s"),
                  SEM_MUTEX, seen, sb_describe(&res, how, sizeof how));
    sb_result_free(&res);
}
END_TEST

const struct graded_test mutex_tests[] = {
    {.test = &mutex_respected,
     .points = 2,
     .title = "producers and consumers wait for the mutex the grader holds",
     .hint = "Every producer and every consumer takes the mutex (P) before it touches slot[], in "
             "or out, and gives it back (V) after: the grader takes it too, and then nobody may "
             "touch the ring. Notes, section 7."},
    END_OF_TESTS,
};

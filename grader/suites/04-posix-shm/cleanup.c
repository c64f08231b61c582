/*
 * cleanup.c - what the pair leaves behind once both programs have ended:
 * nothing. Like a System V segment, a POSIX object and a named semaphore
 * outlive their processes until shm_unlink or sem_unlink removes them.
 */
#include <stdio.h>

#include "../../po/i18n.h"
#include "suite.h"

#include "lab04.h"

START_TEST(object_unlinked)
{
    struct pair t;
    char path[300];

    prepare();
    pair_init(&t);
    pair_run(&t);
    require_round_trip(&t);
    if (object_exists(t.name, NULL))
        FAIL_PAIR(&t,
                  _("after both programs ended, %s still existed: the object outlives the "
                    "processes until shm_unlink removes its name"),
                  object_path(t.name, path, sizeof path));
    pair_free(&t);
}
END_TEST

START_TEST(semaphores_unlinked)
{
    struct pair t;
    char left[1024];
    int count;

    prepare();
    pair_init(&t);
    pair_run(&t);
    require_round_trip(&t);
    count = ipc_leftovers(NULL, 0, left, sizeof left) - object_exists(t.name, NULL);
    if (count > 0)
        FAIL_PAIR(&t,
                  _("after both programs ended, %d object(s) besides %s were left (a named "
                    "semaphore is /dev/shm/sem.NAME and stays until sem_unlink): %s"),
                  count, t.name, left);
    pair_free(&t);
}
END_TEST

const struct graded_test cleanup_tests[] = {
    {.test = &object_unlinked,
     .points = 2,
     .title = "the object is removed at the end (shm_unlink)",
     .hint = "Like a System V segment, a POSIX object outlives its processes: the writer removes "
             "it with shm_unlink once the reader is done. Notes, section 8."},
    {.test = &semaphores_unlinked,
     .points = 1,
     .title = "the named semaphores are removed at the end (sem_unlink)",
     .hint = "sem_close only closes a named semaphore; sem_unlink removes its name "
             "(/dev/shm/sem.NAME). Notes, section 8."},
    END_OF_TESTS,
};

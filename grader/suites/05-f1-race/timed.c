/*
 * timed.c - the timed races: started, and watched until they run.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <time.h>

#include "../../po/i18n.h"
#include "suite.h"
#include "lab05.h"

/* ---- timed runs ---------------------------------------------------------- */

/* Has the program (our sandbox's init) ended? Does not collect it: sb_wait() will. */
int program_ended(void)
{
    siginfo_t si;

    memset(&si, 0, sizeof si);
    return waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT) == 0 && si.si_pid != 0;
}

/* Start a timed race of TIMED_CARS cars; env: SHMLAB_ settings for the preload, or NULL. */
struct sb_proc *start_timed(const char *laps, double timeout, const char *const *env)
{
    static char cars[16];
    static const char *args[12];
    struct sb_spec spec = {0};
    struct sb_proc *p;
    int n = 0;

    snprintf(cars, sizeof cars, "%d", TIMED_CARS);
    args[n++] = "--cars";
    args[n++] = cars;
    args[n++] = "--laps";
    args[n++] = laps;
    args[n++] = "--seed";
    args[n++] = "5";
    args[n++] = "--speed";
    args[n++] = TIMED_SPEED;
    args[n] = NULL;
    spec.program = PROGRAM;
    spec.args = args;
    spec.timeout = timeout;
    spec.env = env;
    p = sb_start(&spec);
    ck_assert_msg(p != NULL, _("grader: could not start the program"));
    return p;
}

/*
 * Wait until the race runs: a segment of the program's with cars + 1
 * attachments (the parent and every car). Returns its id, or -1 if the
 * program ended or 4 s passed first; *most is the largest shm_nattch seen.
 */
int wait_running(int cars, unsigned long *most, int *segments)
{
    double deadline = now() + 4 * sb_timeout_scale();
    struct shm_info_row rows[64];

    *most = 0;
    *segments = 0;
    while (now() < deadline) {
        int n = ipc_list_shm(rows, 64), i, mine = 0;

        for (i = 0; i < n; i++) {
            if (rows[i].uid != sb_uid())
                continue; /* without namespaces, other users' segments are visible */
            mine++;
            if (rows[i].nattch > *most)
                *most = rows[i].nattch;
            if (rows[i].nattch == (unsigned long)cars + 1)
                return rows[i].id;
        }
        if (mine > *segments)
            *segments = mine;
        if (program_ended())
            return -1;
        nap_ms(1);
    }
    return -1;
}

/*
 * Wait until the race runs (wait_running with TIMED_CARS cars), for a test
 * that then looks at it or acts on it. A race that never runs fails the test,
 * once the program has ended, with what the program did.
 */
void assert_running(struct sb_proc *p)
{
    struct sb_result res;
    unsigned long most;
    int segments;
    char how[1024];

    if (wait_running(TIMED_CARS, &most, &segments) != -1)
        return;
    sb_wait(p, &res);
    ck_abort_msg(_("expected the race to run with one segment attached by the parent and its %d "
                   "cars (see one_segment_shared); the program %s"),
                 TIMED_CARS, sb_describe(&res, how, sizeof how));
}

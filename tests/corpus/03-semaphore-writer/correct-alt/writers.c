/* writers.c - my version: N processes share a bank record, protected by a
 * one-semaphore System V set. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#include "account.h"
#include "error.h"

#define SEGMENT_BYTES 4096 /* a whole page, more than enough */

union semun {
    int val;
    struct semid_ds *buf;
    unsigned short *array;
};

static int g_shm = -1, g_sem = -1;
static struct account *g_rec;

/* Remove whatever exists, ignoring errors (used on the way out after a failure). */
static void cleanup(void)
{
    if (g_sem != -1)
        semctl(g_sem, 0, IPC_RMID);
    if (g_rec != NULL)
        shmdt(g_rec);
    if (g_shm != -1)
        shmctl(g_shm, IPC_RMID, NULL);
}

static int sem_step(int id, int how)
{
    struct sembuf ops[1];

    ops[0].sem_num = 0;
    ops[0].sem_op = (short)how;
    ops[0].sem_flg = SEM_UNDO;
    for (;;) {
        if (semop(id, ops, 1) == 0)
            return 0;
        if (errno != EINTR)
            return -1;
    }
}

static int writer(int count)
{
    int bad = 0, i = 0;

    while (i < count) {
        if (sem_step(g_sem, -1) != 0) {
            perror("P");
            return 3;
        }
        bad += !account_consistent(g_rec);
        account_update(g_rec, account_amount(i));
        if (sem_step(g_sem, 1) != 0) {
            perror("V");
            return 3;
        }
        i++;
    }
    return bad ? 4 : 0;
}

int main(int argc, char **argv)
{
    int nw = DEFAULT_WRITERS, nu = DEFAULT_UPDATES, c, ok = 1;
    pid_t kids[MAX_WRITERS];

    while ((c = getopt(argc, argv, "w:n:")) != -1) {
        switch (c) {
        case 'w':
            nw = atoi(optarg);
            break;
        case 'n':
            nu = atoi(optarg);
            break;
        default:
            fail("usage: %s [-w N] [-n N]", argv[0]);
        }
    }
    if (nw < 1 || nw > MAX_WRITERS || nu < 1)
        fail("bad numbers");

    g_shm = shmget(IPC_PRIVATE, SEGMENT_BYTES, 0600);
    if (g_shm < 0)
        die("cannot create the segment");
    void *p = shmat(g_shm, NULL, 0);
    if (p == (void *)-1) {
        cleanup();
        die("cannot attach the segment");
    }
    g_rec = p;
    memset(g_rec, 0, sizeof *g_rec);

    g_sem = semget(IPC_PRIVATE, 1, 0600 | IPC_CREAT);
    if (g_sem < 0) {
        cleanup();
        die("cannot create the semaphore");
    }
    unsigned short start[1] = {1};
    union semun u;
    u.array = start;
    if (semctl(g_sem, 0, SETALL, u) < 0) {
        cleanup();
        die("SETALL");
    }

    fflush(NULL);
    for (c = 0; c < nw; c++) {
        kids[c] = fork();
        if (kids[c] < 0) {
            perror("fork");
            nw = c;
            ok = 0;
            break;
        }
        if (kids[c] == 0)
            _exit(writer(nu));
    }
    for (c = 0; c < nw; c++) {
        int st;
        while (waitpid(kids[c], &st, 0) < 0) {
            if (errno != EINTR) {
                perror("waitpid");
                ok = 0;
                break;
            }
        }
        if (WIFSIGNALED(st)) {
            fprintf(stderr, "child #%d died from signal %d\n", c, WTERMSIG(st));
            ok = 0;
        } else if (WEXITSTATUS(st) != 0) {
            ok = 0;
        }
    }

    struct account want = account_expected(nw, nu);
    printf("final: ops=%ld balance=%ld (want %ld/%ld)\n", g_rec->operations, g_rec->balance,
           want.operations, want.balance);
    if (g_rec->operations != want.operations || g_rec->balance != want.balance)
        ok = 0;

    if (semctl(g_sem, 0, IPC_RMID) < 0) {
        perror("semctl");
        ok = 0;
    }
    g_sem = -1;
    if (shmdt(g_rec) < 0) { /* still removed below: a failed detach must not leak it */
        perror("shmdt");
        ok = 0;
    }
    if (shmctl(g_shm, IPC_RMID, NULL) < 0) {
        perror("shmctl");
        ok = 0;
    }
    return ok ? 0 : 1;
}

/*
 * writers.c - the lock first (a set initialised with SETALL), then a segment
 * removed as soon as it is attached, the writers' pids kept and waited for
 * one by one with waitpid, P and V in a do/while that retries on EINTR.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "account.h"
#include "error.h"
#include "parse.h"

union semun {
    int val;
    struct semid_ds *buf;
    unsigned short *array;
};

static int sem_change(int semid, int delta)
{
    struct sembuf sb;
    int r;

    sb.sem_num = 0;
    sb.sem_op = (short)delta;
    sb.sem_flg = SEM_UNDO;
    do
        r = semop(semid, &sb, 1);
    while (r == -1 && errno == EINTR);
    return r;
}

static void writer(struct account *rec, int semid, long n)
{
    int bad = 0;

    for (long k = 0; k < n; k++) {
        if (sem_change(semid, -1) == -1)
            die_child("P");
        if (!account_consistent(rec))
            bad = 1;
        account_update(rec, account_amount(k));
        if (sem_change(semid, +1) == -1)
            die_child("V");
    }
    if (shmdt(rec) == -1)
        die_child("shmdt");
    _exit(bad ? 2 : 0);
}

int main(int argc, char *argv[])
{
    long nw = DEFAULT_WRITERS, nu = DEFAULT_UPDATES;
    int c, failed = 0;

    while ((c = getopt(argc, argv, "w:n:")) != -1) {
        switch (c) {
        case 'w':
            nw = parse_long(optarg, 1, MAX_WRITERS, argv[0], "-w WRITERS");
            break;
        case 'n':
            nu = parse_long(optarg, 1, MAX_UPDATES, argv[0], "-n UPDATES");
            break;
        default:
            fail("usage: %s [-w WRITERS] [-n UPDATES]", argv[0]);
        }
    }
    if (optind < argc)
        fail("usage: %s [-w WRITERS] [-n UPDATES]", argv[0]);

    int semid = semget(IPC_PRIVATE, 1, IPC_CREAT | ACCOUNT_PERMS);
    if (semid == -1)
        die("semget");
    unsigned short one[1] = {1};
    union semun u;
    u.array = one;
    if (semctl(semid, 0, SETALL, u) == -1) {
        semctl(semid, 0, IPC_RMID);
        die("semctl(SETALL)");
    }

    int shmid = shmget(IPC_PRIVATE, sizeof(struct account), IPC_CREAT | ACCOUNT_PERMS);
    if (shmid == -1) {
        semctl(semid, 0, IPC_RMID);
        die("shmget");
    }
    struct account *rec = shmat(shmid, NULL, 0);
    int saved = errno;
    /* Marked for removal at once: it goes with the last detach, whatever happens. */
    if (shmctl(shmid, IPC_RMID, NULL) == -1) {
        if (rec != (void *)-1)
            shmdt(rec);
        semctl(semid, 0, IPC_RMID);
        die("shmctl(IPC_RMID)");
    }
    if (rec == (void *)-1) {
        errno = saved;
        semctl(semid, 0, IPC_RMID);
        die("shmat");
    }

    pid_t pids[MAX_WRITERS];
    long n = 0;
    fflush(stdout);
    while (n < nw) {
        pid_t p = fork();
        if (p == -1) {
            perror("fork");
            failed = 1;
            break;
        }
        if (p == 0)
            writer(rec, semid, nu);
        pids[n++] = p;
    }

    long saw_bad = 0;
    for (long i = 0; i < n; i++) {
        int st;
        pid_t r;
        do
            r = waitpid(pids[i], &st, 0);
        while (r == -1 && errno == EINTR);
        if (r == -1) {
            perror("waitpid");
            failed = 1;
            continue;
        }
        if (WIFSIGNALED(st)) {
            fprintf(stderr, "writers: process %ld was killed by %s (signal %d)\n", (long)pids[i],
                    strsignal(WTERMSIG(st)), WTERMSIG(st));
            failed = 1;
        } else if (WEXITSTATUS(st) != 0) {
            saw_bad += WEXITSTATUS(st) == 2;
            failed = 1;
        }
    }

    struct account want = account_expected(nw, nu);
    printf("%ld operations (want %ld), balance %ld (want %ld), %ld writers saw a broken record\n",
           rec->operations, want.operations, rec->balance, want.balance, saw_bad);
    if (rec->operations != want.operations || rec->deposits != want.deposits ||
        rec->withdrawals != want.withdrawals || rec->balance != want.balance)
        failed = 1;

    if (semctl(semid, 0, IPC_RMID) == -1) {
        perror("semctl(IPC_RMID)");
        failed = 1;
    }
    if (shmdt(rec) == -1) {
        perror("shmdt");
        failed = 1;
    }
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

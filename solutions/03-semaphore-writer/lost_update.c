/*
 * lost_update.c - lab 03, step 1: see the bug before fixing it.
 *
 * The parent creates a private System V segment holding one struct account
 * (account.h), then forks WRITERS writer processes. Each writer calls
 * account_update() UPDATES times, WITHOUT any lock. The parent waits for
 * them all, then prints what the record should hold and what it holds.
 * Updates are lost: two writers read the same old values, and the second
 * write erases the first. Run it a few times: the loss changes every time.
 *
 * This program is given complete; writers.c (step 2) is the same program
 * with a System V semaphore around the critical section.
 *
 * Usage: lost_update [-w WRITERS] [-n UPDATES]
 *
 * Man pages: shmget(2), shmat(2), shmdt(2), shmctl(2), fork(2), waitpid(2),
 * getopt(3), sched_yield(2).
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "account.h"
#include "error.h"
#include "parse.h"

static void usage(const char *program)
{
    fail("usage: %s [-w WRITERS] [-n UPDATES]\n"
         "  WRITERS  writer processes (1 to %d, default %d)\n"
         "  UPDATES  updates by each writer (1 to %d, default %d)",
         program, MAX_WRITERS, DEFAULT_WRITERS, MAX_UPDATES, DEFAULT_UPDATES);
}

/* A writer: `updates` updates without any lock. Runs in a child; never returns. */
static void run_writer(struct account *acct, long updates)
{
    for (long i = 0; i < updates; i++)
        account_update(acct, account_amount(i));
    if (shmdt(acct) == -1)
        die_child("shmdt");
    _exit(EXIT_SUCCESS);
}

int main(int argc, char *argv[])
{
    long writers = DEFAULT_WRITERS, updates = DEFAULT_UPDATES;
    int opt;

    while ((opt = getopt(argc, argv, "w:n:")) != -1) {
        if (opt == 'w')
            writers = parse_long(optarg, 1, MAX_WRITERS, argv[0], "-w WRITERS");
        else if (opt == 'n')
            updates = parse_long(optarg, 1, MAX_UPDATES, argv[0], "-n UPDATES");
        else
            usage(argv[0]);
    }
    if (optind != argc)
        usage(argv[0]);

    /* A new segment is filled with zeros: the record starts empty. */
    int shmid = shmget(IPC_PRIVATE, sizeof(struct account), IPC_CREAT | ACCOUNT_PERMS);
    if (shmid == -1)
        die("shmget");
    struct account *acct = shmat(shmid, NULL, 0);
    if (acct == (void *)-1) {
        shmctl(shmid, IPC_RMID, NULL);
        die("shmat");
    }

    fflush(stdout); /* nothing buffered may be copied into the children */
    long started = 0;
    for (long w = 0; w < writers; w++) {
        pid_t pid = fork();
        if (pid == -1) {
            perror("fork");
            break;
        }
        if (pid == 0)
            run_writer(acct, updates);
        started++;
    }

    int status = started == writers ? EXIT_SUCCESS : EXIT_FAILURE;
    for (long w = 0; w < started; w++) {
        int wstatus;
        if (wait(&wstatus) == -1) {
            perror("wait");
            status = EXIT_FAILURE;
        } else if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != EXIT_SUCCESS) {
            status = EXIT_FAILURE;
        }
    }

    struct account expected = account_expected(started, updates);
    printf("%ld writers x %ld updates, no lock\n", started, updates);
    printf("operations: expected %ld, counted %ld\n", expected.operations, acct->operations);
    printf("balance:    expected %ld, found   %ld\n", expected.balance, acct->balance);
    printf("%ld updates lost\n", expected.operations - acct->operations);

    if (shmdt(acct) == -1)
        die("shmdt");
    if (shmctl(shmid, IPC_RMID, NULL) == -1)
        die("shmctl(IPC_RMID)");
    return status;
}

/*
 * account.h - lab 03: the record the writers share, and its update.
 *
 * One struct account lives in a System V segment. Every writer process
 * updates it many times. After W writers have each done M updates:
 *
 *     operations  == W * M
 *     deposits    == the sum of the positive amounts
 *     withdrawals == the sum of the negative amounts, as a positive number
 *     balance     == deposits - withdrawals   (true at every moment when no
 *                                              update is in progress)
 *
 * The struct holds only numbers, no pointers: a segment may be attached at a
 * different address in each process, so an address stored in it would mean
 * nothing to another process.
 *
 * Both programs of the lab (lost_update.c and writers.c) include this file
 * and are linked with account.c, so they run exactly the same update; only
 * the locking around it differs.
 */
#ifndef ACCOUNT_H
#define ACCOUNT_H

#define DEFAULT_WRITERS 4    /* writer processes, option -w */
#define DEFAULT_UPDATES 1000 /* updates by each writer, option -n */
#define MAX_WRITERS     32   /* the grader allows 64 processes in all */
#define MAX_UPDATES     1000000
#define ACCOUNT_PERMS   0600 /* read and write for the owner only */

struct account {
    long operations;  /* updates done so far */
    long deposits;    /* total of the amounts added */
    long withdrawals; /* total of the amounts taken out */
    long balance;     /* deposits - withdrawals */
};

/*
 * account_amount - the amount of the update number `update` (0, 1, 2, ...)
 * of any writer: even updates deposit 2, odd updates withdraw 1. So after M
 * updates a writer has deposited 2 * ((M + 1) / 2) and withdrawn M / 2.
 */
long account_amount(long update);

/*
 * account_update - the critical section: read the record, compute, write it
 * back. The sched_yield(2) in the middle gives the processor away on purpose
 * (account.c): it widens the window in which another writer can read the
 * same old values, so that without a lock the lost update shows up in
 * practically every run. With a lock held around the call, nothing can go
 * wrong in that window.
 */
void account_update(struct account *a, long amount);

/* account_consistent - 1 if the fields agree with each other, 0 if not. */
int account_consistent(const struct account *a);

/* account_expected - the record that W writers doing M updates each must leave. */
struct account account_expected(long writers, long updates);

#endif

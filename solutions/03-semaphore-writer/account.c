/*
 * account.c - lab 03 (given): the update of the shared record; see account.h.
 */
#include <sched.h>

#include "account.h"

long account_amount(long update)
{
    return update % 2 == 0 ? 2 : -1;
}

/* The critical section: read, yield the processor (widening the window), write. */
void account_update(struct account *a, long amount)
{
    long operations = a->operations;
    long deposits = a->deposits;
    long withdrawals = a->withdrawals;
    long balance = a->balance;

    sched_yield(); /* another writer may run here */

    operations++;
    if (amount >= 0)
        deposits += amount;
    else
        withdrawals -= amount;
    balance += amount;

    a->operations = operations;
    a->deposits = deposits;
    a->withdrawals = withdrawals;
    a->balance = balance;
}

int account_consistent(const struct account *a)
{
    return a->balance == a->deposits - a->withdrawals;
}

struct account account_expected(long writers, long updates)
{
    struct account e;

    e.operations = writers * updates;
    e.deposits = writers * 2 * ((updates + 1) / 2);
    e.withdrawals = writers * (updates / 2);
    e.balance = e.deposits - e.withdrawals;
    return e;
}

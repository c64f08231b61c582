/* Corpus: a program that does not compile (a missing semicolon and an
 * undeclared variable). The lab scores 0, the compiler's messages are shown,
 * and the grader goes on. */
#include <stdio.h>
#include <sys/shm.h>

int main(void)
{
    int shmid = shmget(IPC_PRIVATE, sizeof(int), 0600)
    printf("%d\n", shmid);
    return undeclared;
}

/* Corpus: a correct producer written differently from the reference: it
 * reads character by character straight into the segment, stops at 127,
 * reports with perror() and its own exit statuses, and prints other words. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include "shm02.h"

int main(int argc, char **argv)
{
    key_t cle;
    int id, c;
    size_t n = 0;
    char *zone;

    if (argc > 1) {
        fprintf(stderr, "usage : %s (le message arrive sur l'entrée standard)\n", argv[0]);
        return 2;
    }
    cle = ftok(KEY_FILE, PROJECT_ID);
    if (cle == (key_t)-1) {
        perror("ftok " KEY_FILE);
        return 3;
    }
    id = shmget(cle, sizeof(struct message), SEGMENT_MODE | IPC_CREAT);
    if (id < 0) {
        perror("shmget");
        return 4;
    }
    zone = (char *)shmat(id, 0, 0);
    if (zone == (char *)-1) {
        perror("shmat");
        return 5;
    }
    while (n < MESSAGE_SIZE - 1 && (c = getchar()) != EOF && c != '\n')
        zone[n++] = (char)c;
    if (ferror(stdin)) { /* EOF from getchar: the end, or an error */
        perror("stdin");
        shmdt(zone);
        return 7;
    }
    zone[n] = '\0';
    fprintf(stdout, "Écrit : %zu octets, clé %#x\n", n, (unsigned)cle);
    if (shmdt(zone) < 0) {
        perror("shmdt");
        return 6;
    }
    return EXIT_SUCCESS;
}

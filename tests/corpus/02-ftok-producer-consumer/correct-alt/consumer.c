/* Corpus: a correct consumer written differently from the reference: no
 * getopt, the segment marked for removal before it is detached (it goes
 * when the last process detaches), the message quoted in French. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include "shm02.h"

int main(int argc, char **argv)
{
    int supprimer = 0, id;
    key_t cle;
    struct message *m;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-r") != 0) {
            fprintf(stderr, "usage : %s [-r]\n", argv[0]);
            exit(2);
        }
        supprimer = 1;
    }
    if ((cle = ftok(KEY_FILE, PROJECT_ID)) == -1) {
        perror("ftok");
        exit(3);
    }
    if ((id = shmget(cle, sizeof *m, 0)) == -1) {
        perror("shmget (le producteur a-t-il tourné ?)");
        exit(4);
    }
    if ((m = shmat(id, NULL, SHM_RDONLY)) == (void *)-1) {
        perror("shmat");
        exit(5);
    }
    if (supprimer && shmctl(id, IPC_RMID, NULL) == -1) {
        perror("shmctl");
        exit(6);
    }
    printf("Message reçu : « %.*s »\n", MESSAGE_SIZE, m->text);
    if (shmdt(m) == -1) {
        perror("shmdt");
        exit(7);
    }
    return 0;
}

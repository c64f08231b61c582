/*
 * shmrm.c (corpus: correct, another way) - getopt, sscanf for the key,
 * perror for the messages.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <unistd.h>

static int rm(int id)
{
    if (shmctl(id, IPC_RMID, NULL) == -1) {
        fprintf(stderr, "cannot remove %d: %s\n", id, strerror(errno));
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    int opt, status = 0;

    while ((opt = getopt(argc, argv, "m:M:")) != -1) {
        if (opt == 'm') {
            status |= rm(atoi(optarg));
        } else if (opt == 'M') {
            unsigned k;
            int id;

            if (sscanf(optarg, "%x", &k) != 1 || k == 0) {
                fprintf(stderr, "bad key %s\n", optarg);
                return 2;
            }
            id = shmget((key_t)k, 0, 0);
            if (id == -1) {
                perror("shmget");
                status = 1;
            } else {
                status |= rm(id);
            }
        } else {
            fprintf(stderr, "usage: shmrm [-m id] [-M key]\n");
            return 2;
        }
    }
    return status;
}

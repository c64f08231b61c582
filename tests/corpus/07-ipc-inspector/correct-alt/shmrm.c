/*
 * shmrm.c (corpus: correct, another way) - getopt, strtol/strtoul with
 * their end pointers checked, perror and strerror for the messages, and
 * IPC_STAT after the removal to tell "gone" from "dest".
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
    struct shmid_ds ds;

    if (shmctl(id, IPC_RMID, NULL) == -1) {
        fprintf(stderr, "cannot remove %d: %s\n", id, strerror(errno));
        return 1;
    }
    if (shmctl(id, IPC_STAT, &ds) == 0)
        printf("%d: dest (%lu attachment(s) left)\n", id, (unsigned long)ds.shm_nattch);
    else
        printf("%d: gone\n", id);
    return 0;
}

int main(int argc, char **argv)
{
    int opt, status = 0;

    while ((opt = getopt(argc, argv, "m:M:")) != -1) {
        char *end;

        errno = 0;
        if (opt == 'm') {
            long id = strtol(optarg, &end, 10);

            if (errno != 0 || end == optarg || *end != '\0' || id < 0 || id > 0x7fffffff) {
                fprintf(stderr, "bad id %s\n", optarg);
                return 2;
            }
            status |= rm((int)id);
        } else if (opt == 'M') {
            unsigned long k = strtoul(optarg, &end, 16);
            int id;

            if (errno != 0 || end == optarg || *end != '\0' || k == 0 || k > 0xffffffffUL ||
                optarg[0] == '-') {
                fprintf(stderr, "bad key %s\n", optarg);
                return 2;
            }
            id = shmget((key_t)(unsigned)k, 0, 0);
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

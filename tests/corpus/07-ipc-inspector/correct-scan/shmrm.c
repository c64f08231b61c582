/*
 * shmrm.c (corpus: correct, a third way) - no shmget: -M looks for the key
 * in the kernel's table (SHM_INFO, SHM_STAT), the numbers are read with
 * sscanf and %n (nothing may follow them), and the segment's attachments
 * are read before the removal to say whether it goes or stays as dest.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/shm.h>

static void die_errno(const char *what)
{
    fprintf(stderr, "shmrm: %s: %s\n", what, strerror(errno));
    exit(EXIT_FAILURE);
}

/* The id of the segment with this key, or -1 if none has it. */
static int find_key(key_t key)
{
    struct shm_info info;
    int top = shmctl(0, SHM_INFO, (struct shmid_ds *)(void *)&info);

    if (top < 0)
        die_errno("SHM_INFO");
    for (int i = 0; i <= top; i++) {
        struct shmid_ds ds;
        int id = shmctl(i, SHM_STAT, &ds);

        if (id < 0 && (errno == EINVAL || errno == EACCES))
            continue;
        if (id < 0)
            die_errno("SHM_STAT");
        if (ds.shm_perm.__key == key)
            return id;
    }
    return -1;
}

static int remove_id(int id)
{
    struct shmid_ds ds;
    int known = shmctl(id, IPC_STAT, &ds) == 0;

    if (!known && errno == EINVAL) {
        fprintf(stderr, "shmrm: no segment has id %d\n", id);
        return EXIT_FAILURE;
    }
    if (!known && errno != EACCES) /* EACCES: we may not read it, but perhaps remove it */
        die_errno("IPC_STAT");
    if (shmctl(id, IPC_RMID, NULL) == -1) {
        if (errno == EPERM)
            fprintf(stderr, "shmrm: segment %d is not yours to remove\n", id);
        else if (errno == EINVAL || errno == EIDRM)
            fprintf(stderr, "shmrm: no segment has id %d\n", id);
        else
            die_errno("IPC_RMID");
        return EXIT_FAILURE;
    }
    if (known && ds.shm_nattch > 0)
        printf("segment %d: dest, until its %lu attachment(s) end\n", id,
               (unsigned long)ds.shm_nattch);
    else
        printf("segment %d: gone\n", id);
    return EXIT_SUCCESS;
}

int main(int argc, char *argv[])
{
    int n = -1;

    if (argc == 3 && strcmp(argv[1], "-m") == 0) {
        int id;

        if (sscanf(argv[2], "%d%n", &id, &n) != 1 || argv[2][n] != '\0' || id < 0 ||
            argv[2][0] == '+') {
            fprintf(stderr, "shmrm: '%s' is not a segment id\n", argv[2]);
            return EXIT_FAILURE;
        }
        return remove_id(id);
    }
    if (argc == 3 && strcmp(argv[1], "-M") == 0) {
        unsigned long long k;
        int id;

        if (strchr(argv[2], '-') != NULL || sscanf(argv[2], "%llx%n", &k, &n) != 1 ||
            argv[2][n] != '\0' || k == 0 || k > 0xffffffffULL) {
            fprintf(stderr, "shmrm: '%s' is not a key (1 to 0xffffffff)\n", argv[2]);
            return EXIT_FAILURE;
        }
        id = find_key((key_t)(unsigned)k);
        if (id == -1) {
            fprintf(stderr, "shmrm: no segment has key 0x%08llx\n", k);
            return EXIT_FAILURE;
        }
        return remove_id(id);
    }
    fprintf(stderr, "usage: %s -m SHMID | -M KEY\n", argv[0]);
    return EXIT_FAILURE;
}

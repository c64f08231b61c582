/*
 * shmls.c (corpus: correct, a third way) - SHM_INFO and SHM_STAT, as the
 * handout says, but the id first, a lower-case key, the owner from
 * getpwuid_r, and a status column that says "dest" or "-".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/shm.h>

int main(void)
{
    struct shm_info info;
    int top = shmctl(0, SHM_INFO, (struct shmid_ds *)(void *)&info);

    if (top < 0) {
        fprintf(stderr, "shmls: SHM_INFO: %s\n", strerror(errno));
        return EXIT_FAILURE;
    }
    printf("%8s  %-10s  %-12s  %5s  %10s  %6s  %s\n", "id", "key", "owner", "mode", "size",
           "users", "state");
    for (int i = 0; i <= top; i++) {
        struct shmid_ds ds;
        struct passwd pw, *found = NULL;
        char buf[1024], owner[32];
        int id = shmctl(i, SHM_STAT, &ds);

        if (id < 0 && (errno == EINVAL || errno == EACCES))
            continue; /* a hole in the table, or not ours to read */
        if (id < 0) {
            fprintf(stderr, "shmls: SHM_STAT %d: %s\n", i, strerror(errno));
            return EXIT_FAILURE;
        }
        if (getpwuid_r(ds.shm_perm.uid, &pw, buf, sizeof buf, &found) == 0 && found != NULL)
            snprintf(owner, sizeof owner, "%s", found->pw_name);
        else
            snprintf(owner, sizeof owner, "%lu", (unsigned long)ds.shm_perm.uid);
        printf("%8d  0x%08x  %-12s  %04o  %10lu  %6lu  %s\n", id, (unsigned)ds.shm_perm.__key,
               owner, (unsigned)(ds.shm_perm.mode & 0777), (unsigned long)ds.shm_segsz,
               (unsigned long)ds.shm_nattch, (ds.shm_perm.mode & SHM_DEST) ? "dest" : "-");
    }
    return EXIT_SUCCESS;
}

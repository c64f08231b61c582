/* CORPUS owner-uid: the owner is always printed as a number, even when the uid has a name (root) */
/*
 * shmls.c - lab 07: list the System V shared memory segments, like `ipcs -m`.
 *
 * One line per segment: its key (in hexadecimal, as ipcs shows it), its id,
 * its owner, its permissions (octal), its size in bytes, how many
 * attachments it has (nattch), and "dest" when the segment has been marked
 * for removal (IPC_RMID) but is still attached somewhere.
 *
 * The kernel keeps the segments in a table. SHM_INFO gives the highest
 * index in use in that table; SHM_STAT reads the segment at an index and
 * returns its id. An index is not an id: the id also holds a sequence
 * number, so id 98381 may sit at index 77.
 *
 * Usage: shmls
 *
 * Man pages: shmctl(2) (IPC_STAT, SHM_INFO, SHM_STAT), getpwuid(3), ipcs(1),
 * proc(5) (/proc/sysvipc/shm).
 */
/* SHM_INFO, SHM_STAT, struct shm_info and SHM_DEST are Linux extensions:
 * <sys/shm.h> declares them only when _GNU_SOURCE is defined before the
 * first #include. */
#define _GNU_SOURCE
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/types.h>

#include "error.h"

/*
 * owner_name - the name of the user uid, as ipcs shows it, or the uid in
 * decimal (written in buf) when no user has that uid.
 */
static const char *owner_name(uid_t uid, char *buf, size_t size)
{
    /* TODO 4: look the uid up with getpwuid(3). It returns NULL when no
     * user has this uid: then write the uid in decimal into buf. */
    snprintf(buf, size, "%u", (unsigned)uid);
    return buf;
}

int main(int argc, char *argv[])
{
    if (argc != 1)
        fail("usage: %s   (lists every System V shared memory segment)", argv[0]);

    /* TODO 1: ask for the highest index in use in the kernel's table of
     * segments: shmctl(0, SHM_INFO, ...) returns it (or -1). SHM_INFO
     * fills a struct shm_info, which must be passed as a struct shmid_ds *. */
    struct shm_info info;
    int maxind = shmctl(0, SHM_INFO, (struct shmid_ds *)(void *)&info);

    if (maxind == -1)
        die("shmctl(SHM_INFO)");

    printf("%-10s %-10s %-10s %-10s %-10s %-10s %s\n", "key", "shmid", "owner", "perms", "bytes",
           "nattch", "status");

    for (int ind = 0; ind <= maxind; ind++) {
        struct shmid_ds ds;

        /* TODO 2: read the segment at index ind: shmctl(ind, SHM_STAT, &ds)
         * returns its id. Skip the index when it fails with EINVAL (no
         * segment there: the table has holes) or EACCES (you may not read
         * that segment); stop with die() on any other error. */
        int shmid = shmctl(ind, SHM_STAT, &ds);

        if (shmid == -1) {
            if (errno == EINVAL || errno == EACCES)
                continue;
            die("shmctl(SHM_STAT)");
        }

        /* TODO 3: print one line for the segment: the key as 0x%08x
         * (ds.shm_perm.__key), the id, the owner (owner_name() of
         * ds.shm_perm.uid), the permissions in octal (the low 9 bits of
         * ds.shm_perm.mode), the size (ds.shm_segsz), the attachments
         * (ds.shm_nattch), and "dest" when ds.shm_perm.mode has SHM_DEST. */
        char uid_text[16];

        printf("0x%08x %-10d %-10s %-10o %-10zu %-10lu %s\n", (unsigned)ds.shm_perm.__key, shmid,
               owner_name(ds.shm_perm.uid, uid_text, sizeof uid_text), ds.shm_perm.mode & 0777u,
               (size_t)ds.shm_segsz, (unsigned long)ds.shm_nattch,
               (ds.shm_perm.mode & SHM_DEST) ? "dest" : "");
    }
    return EXIT_SUCCESS;
}

/* Corpus: a correct shmls that reads /proc/sysvipc/shm instead of calling
 * shmctl(SHM_STAT), as the handout allows. The file gives the key in signed
 * decimal and the mode with its SHM_DEST bit (01000). */
#define _GNU_SOURCE
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include "error.h"

int main(int argc, char *argv[])
{
    char line[512];
    FILE *f;

    if (argc != 1)
        fail("usage: %s", argv[0]);
    f = fopen("/proc/sysvipc/shm", "r");
    if (f == NULL)
        die("/proc/sysvipc/shm");
    if (fgets(line, sizeof line, f) == NULL) /* the header */
        die("/proc/sysvipc/shm");
    printf("key        shmid      owner      perms      bytes      nattch     status\n");
    while (fgets(line, sizeof line, f) != NULL) {
        long long key;
        int id, cpid, lpid;
        unsigned mode, uid;
        unsigned long size, nattch;
        char name[16];
        struct passwd *pw;

        if (sscanf(line, "%lld %d %o %lu %d %d %lu %u", &key, &id, &mode, &size, &cpid, &lpid,
                   &nattch, &uid) != 8)
            continue;
        pw = getpwuid(uid);
        snprintf(name, sizeof name, "%u", uid);
        printf("0x%08x %-10d %-10s %-10o %-10lu %-10lu %s\n", (unsigned)key, id,
               pw != NULL ? pw->pw_name : name, mode & 0777u, size, nattch,
               (mode & SHM_DEST) ? "dest" : "");
    }
    if (ferror(f))
        die("/proc/sysvipc/shm");
    fclose(f);
    return EXIT_SUCCESS;
}

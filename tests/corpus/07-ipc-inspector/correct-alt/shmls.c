/*
 * shmls.c (corpus: correct, another way) - reads /proc/sysvipc/shm instead
 * of calling shmctl(SHM_INFO/SHM_STAT), and prints "name=value" pairs in
 * another order. /proc shows the key in signed decimal and the whole mode,
 * SHM_DEST (01000) included: both need converting.
 */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEST_BIT 01000

int main(void)
{
    FILE *f = fopen("/proc/sysvipc/shm", "r");
    char line[512];
    int count = 0;

    if (f == NULL) {
        perror("/proc/sysvipc/shm");
        return 1;
    }
    if (fgets(line, sizeof line, f) == NULL) { /* the header */
        fclose(f);
        return 0;
    }
    while (fgets(line, sizeof line, f) != NULL) {
        int key, id;
        unsigned mode, cpid, lpid, uid;
        unsigned long size, nattch;
        struct passwd *pw;
        char owner[32];

        if (sscanf(line, "%d %d %o %lu %u %u %lu %u", &key, &id, &mode, &size, &cpid, &lpid,
                   &nattch, &uid) != 8)
            continue;
        pw = getpwuid(uid);
        if (pw != NULL)
            snprintf(owner, sizeof owner, "%s", pw->pw_name);
        else
            snprintf(owner, sizeof owner, "%u", uid);
        printf("id=%d, key=0x%08X, size=%lu, perms=0%03o, owner=%s, attached=%lu%s\n", id,
               (unsigned)key, size, mode & 0777, owner, nattch, (mode & DEST_BIT) ? " [dest]" : "");
        count++;
    }
    fclose(f);
    printf("%d segment(s).\n", count);
    return 0;
}

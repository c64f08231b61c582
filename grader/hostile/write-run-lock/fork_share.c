/* Hostile (issue 12, finding 6): even with namespaces, the host's /run/lock was
 * writable (one grading left 961 MiB there, never removed). Writes 64 MiB
 * into /run/lock/hostile-write-run-lock-PID and leaves it there, then ends without
 * doing the lab. The self-test checks that no such file is left on the host:
 * /run/lock must be a private, size-capped folder.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
    static char block[1 << 20];
    char path[64];
    int fd, i;

    snprintf(path, sizeof path, "/run/lock/hostile-write-run-lock-%d", (int)getpid());
    if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644)) == -1)
        return 0;
    memset(block, 'x', sizeof block);
    for (i = 0; i < 64; i++)
        if (write(fd, block, sizeof block) == -1)
            break;
    close(fd);
    return 0;
}

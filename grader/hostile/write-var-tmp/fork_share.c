/* Hostile (issue 12, finding 6): even with namespaces, the host's /var/tmp was
 * writable (one grading left 961 MiB there, never removed). Writes 64 MiB
 * into /var/tmp/hostile-write-var-tmp-PID and leaves it there, then ends without
 * doing the lab. The self-test checks that no such file is left on the host:
 * /var/tmp must be a private, size-capped folder, and the fallback removes
 * what the program left there.
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

    snprintf(path, sizeof path, "/var/tmp/hostile-write-var-tmp-%d", (int)getpid());
    if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644)) == -1)
        return 0;
    memset(block, 'x', sizeof block);
    for (i = 0; i < 64; i++)
        if (write(fd, block, sizeof block) == -1)
            break;
    close(fd);
    return 0;
}

/* Hostile (issue 12, finding 6): even with namespaces, the host's /var/tmp
 * was writable (one grading left 961 MiB there, never removed). Writes
 * 64 MiB into /var/tmp/hostile-write-var-tmp-PID-N (16 files of 4 MiB, each
 * under the file size limit), leaves them there and ends without doing the
 * lab. The self-test checks that no such file is left on the host: /var/tmp
 * must be a private, size-capped folder. The fallback must
 * remove what the program left there.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
    static char block[1 << 20];
    char path[64];
    int fd, f, i;

    signal(SIGXFSZ, SIG_IGN); /* over the file size limit, write() fails instead */
    memset(block, 'x', sizeof block);
    for (f = 0; f < 16; f++) {
        snprintf(path, sizeof path, "/var/tmp/hostile-write-var-tmp-%d-%d", (int)getpid(), f);
        if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644)) == -1)
            return 0;
        for (i = 0; i < 4; i++)
            if (write(fd, block, sizeof block) == -1)
                break;
        close(fd);
    }
    return 0;
}

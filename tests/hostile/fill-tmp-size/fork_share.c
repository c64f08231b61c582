/* Hostile (issue 12, finding 5): files in a tmpfs are memory. Fills /tmp
 * with files of 1 MiB (each under the file size limit) until writing fails,
 * at most 4 GiB, leaves them and ends without doing the lab. The private
 * /tmp must be capped so that the whole grading stays within its memory
 * bound (its EXPECT). */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
    static char block[1 << 20];
    char path[64];
    int fd, f, full = 0;

    memset(block, 'x', sizeof block);
    for (f = 0; f < 4096 && !full; f++) {
        snprintf(path, sizeof path, "/tmp/hostile-fill-tmp-size-%d-%d", (int)getpid(), f);
        if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644)) == -1)
            break;
        full = write(fd, block, sizeof block) != (ssize_t)sizeof block;
        close(fd);
    }
    return 0;
}

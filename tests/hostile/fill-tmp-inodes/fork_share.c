/* Hostile (issue 12, finding 5): a private /tmp capped in size only can
 * still hold millions of empty files, each an inode of kernel memory (0.7 GB
 * in one run). Creates empty files in /tmp/hostile-fill-tmp-inodes-PID/
 * until the file system refuses (at most 2 million), leaves them, and ends
 * without doing the lab. The private /tmp must be capped in inodes too:
 * the program then ends at once and prints nothing. (The fallback's /tmp is
 * the host's: fallback-tmp-files checks that it is cleaned.) */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void)
{
    char dir[64], path[96];
    long i;
    int fd;

    snprintf(dir, sizeof dir, "/tmp/hostile-fill-tmp-inodes-%d", (int)getpid());
    if (mkdir(dir, 0755) == -1)
        return 0;
    for (i = 0; i < 2000000; i++) {
        snprintf(path, sizeof path, "%s/%ld", dir, i);
        if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644)) == -1)
            break;
        close(fd);
    }
    return 0;
}

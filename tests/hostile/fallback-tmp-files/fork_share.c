/* Hostile (issue 12, finding 3): without namespaces the program's /tmp is
 * the host's, and what it left there stayed after grading. Leaves 100 files
 * and a folder holding 100 more in /tmp (named hostile-fallback-tmp-files-
 * PID...), then ends without doing the lab. The fallback must remove what
 * the test's uid created in /tmp, and nothing else. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

/* Create the empty file PATH. */
static void plant(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

    if (fd != -1)
        close(fd);
}

int main(void)
{
    char path[96];
    int i;

    for (i = 0; i < 100; i++) {
        snprintf(path, sizeof path, "/tmp/hostile-fallback-tmp-files-%d-%d", (int)getpid(), i);
        plant(path);
    }
    snprintf(path, sizeof path, "/tmp/hostile-fallback-tmp-files-%d", (int)getpid());
    if (mkdir(path, 0755) == 0) {
        for (i = 0; i < 100; i++) {
            snprintf(path, sizeof path, "/tmp/hostile-fallback-tmp-files-%d/%d", (int)getpid(), i);
            plant(path);
        }
    }
    return 0;
}

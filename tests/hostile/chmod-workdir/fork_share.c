/* Hostile: takes every permission away from its working folder, the folder
 * above it and its own executable, then ends without doing the lab. The
 * grader must go on (each test in a fresh folder, from a program the
 * student's cannot change), report, and leave nothing behind it cannot
 * remove. */
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void)
{
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);

    if (n > 0) {
        self[n] = '\0';
        chmod(self, 0);
    }
    chmod(".", 0);
    chmod("..", 0);
    return 0;
}

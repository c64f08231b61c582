/* Hostile: tries to write into the kit (its grader, its build folder, its
 * solutions) where it really is (kitpath.h, written by the self-test), and
 * into every file descriptor it may have inherited. The self-test then
 * checks that no file of the kit changed. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "kitpath.h"

static const char *const targets[] = {
    KIT "/tests/run",       KIT "/tests/hostile/pwned",
    KIT "/build/grader/runner",        KIT "/solutions/01-fork-parent-child/fork_share.c",
    KIT "/build/pwned",               "/tmp/pwned",
};

int main(void)
{
    static const char text[] = "test 01-fork-parent-child value_shared 3 3 1 0\n";
    size_t i;
    int fd;

    for (i = 0; i < sizeof targets / sizeof targets[0]; i++) {
        fd = open(targets[i], O_WRONLY | O_CREAT | O_APPEND, 0666);
        if (fd != -1) {
            if (write(fd, text, sizeof text - 1) == -1)
                perror(targets[i]);
            close(fd);
        }
    }
    for (fd = 3; fd < 1024; fd++)
        if (write(fd, text, sizeof text - 1) == -1)
            continue;
    return 0;
}

/* Hostile (issue 12, finding 1): graded by a teacher as an ordinary user, a
 * program ran with the teacher's uid and could append to ~/.bashrc. This one
 * tries to open for writing $HOME/.bashrc (the self-test's HOME holds a
 * canary one), /root/.bashrc and each /home/USER/.bashrc, and to create a
 * file in /root and in each /home/USER. It writes nothing into what it opens
 * and removes what it creates: a breach must not harm the machine. Any
 * success makes it a correct program, so a score of 0 proves it found no
 * way in. */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "correct.h"

/* 1 if the existing file PATH opens for writing. */
static int writable(const char *path)
{
    int fd = open(path, O_WRONLY | O_APPEND | O_NOFOLLOW);

    if (fd == -1)
        return 0;
    close(fd);
    return 1;
}

/* 1 if a new file can be made in DIR (it is removed at once). */
static int can_create_in(const char *dir)
{
    char path[PATH_MAX];
    int fd;

    snprintf(path, sizeof path, "%s/hostile-write-home", dir);
    if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600)) == -1)
        return 0;
    close(fd);
    unlink(path);
    return 1;
}

int main(void)
{
    char path[PATH_MAX];
    const char *home = getenv("HOME");
    struct dirent *e;
    int breached = 0;
    DIR *d;

    if (home != NULL) {
        snprintf(path, sizeof path, "%s/.bashrc", home);
        breached |= writable(path);
    }
    breached |= writable("/root/.bashrc") | can_create_in("/root");
    if ((d = opendir("/home")) != NULL) {
        while ((e = readdir(d)) != NULL) {
            if (e->d_name[0] == '.')
                continue;
            snprintf(path, sizeof path, "/home/%s/.bashrc", e->d_name);
            breached |= writable(path);
            snprintf(path, sizeof path, "/home/%s", e->d_name);
            /* HOME itself may be a private folder under /home: not a breach. */
            if (home == NULL || strcmp(path, home) != 0)
                breached |= can_create_in(path);
        }
        closedir(d);
    }
    return breached ? correct_program() : 0;
}

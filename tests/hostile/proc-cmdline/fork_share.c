/* Hostile (issue 12, findings 1 and 6): read every process's command line in
 * /proc, as one did to find grade-class's output folder. The grader's own
 * command line holds "--format" (the self-test always passes one); a program
 * that can see it sees the host's processes. Then it behaves as a correct
 * program: a score of 0 proves /proc shows only the program's own
 * processes. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "correct.h"

/* 1 if the command line of process NAME (a /proc entry) holds "--format". */
static int is_a_grader(const char *name)
{
    char path[300], buf[4096];
    ssize_t n, i;
    int fd;

    snprintf(path, sizeof path, "/proc/%s/cmdline", name);
    if ((fd = open(path, O_RDONLY)) == -1)
        return 0;
    n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return 0;
    for (i = 0; i < n; i++) /* arguments are separated by NUL bytes */
        if (buf[i] == '\0')
            buf[i] = ' ';
    buf[n] = '\0';
    return strstr(buf, "--format") != NULL;
}

int main(void)
{
    struct dirent *e;
    int breached = 0;
    DIR *d;

    if ((d = opendir("/proc")) == NULL)
        return 0;
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] >= '1' && e->d_name[0] <= '9')
            breached |= is_a_grader(e->d_name);
    closedir(d);
    return breached ? correct_program() : 0;
}

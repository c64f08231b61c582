/*
 * objects.c - the names the tests give the programs, and what they leave
 * in /dev/shm.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "../../po/i18n.h"
#include "suite.h"

#include "lab04.h"

/* A fresh, valid name: unique on the host too, for the fallback without namespaces. */
void fresh_name(char *name, size_t size)
{
    static int count;

    snprintf(name, size, "/lab04-%d-%d", (int)getpid(), ++count);
}

/* /dev/shm/NAME for the object /NAME. */
const char *object_path(const char *name, char *buf, size_t size)
{
    snprintf(buf, size, "/dev/shm/%s", name + 1);
    return buf;
}

int object_exists(const char *name, struct stat *st)
{
    char path[300];
    struct stat local;

    return stat(object_path(name, path, sizeof path), st != NULL ? st : &local) == 0;
}

void list_entries(struct entries *e)
{
    DIR *d = opendir("/dev/shm");
    struct dirent *de;

    e->n = 0;
    while (d != NULL && (de = readdir(d)) != NULL && e->n < MAX_ENTRIES) {
        char path[300];
        struct stat st;

        snprintf(path, sizeof path, "/dev/shm/%s", de->d_name);
        if (de->d_name[0] == '.' || stat(path, &st) == -1 || st.st_uid != sb_uid())
            continue;
        snprintf(e->name[e->n++], sizeof e->name[0], "%s", de->d_name);
    }
    if (d != NULL)
        closedir(d);
}

/* The entries of after that are not in before, as "/dev/shm/a, /dev/shm/b"; how many. */
int new_entries(const struct entries *before, const struct entries *after, char *buf, size_t size)
{
    int i, j, count = 0;
    size_t len;

    buf[0] = '\0';
    for (i = 0; i < after->n; i++) {
        for (j = 0; j < before->n && strcmp(before->name[j], after->name[i]) != 0; j++)
            ;
        if (j < before->n)
            continue;
        len = strlen(buf);
        snprintf(buf + len, size - len, "%s/dev/shm/%s", count ? ", " : "", after->name[i]);
        count++;
    }
    return count;
}

/* Every test: isolated (done by the runner), and the same umask as a usual shell. */
void prepare(void)
{
    umask(022);
}

/* Hostile (issue 12, findings 1, 2 and 6): looks for what a whitelist view
 * of the host leaves out: the kit, /home, /root, /srv, /work (other clones of
 * the kit on a shared machine) and another copy of the kit's solution. A
 * folder counts if it lists anything but HOME (which may be a private folder
 * under /home or /root). If any is there, it behaves as a correct program:
 * so a score of 0 proves they are absent. */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "correct.h"
#include "kitpath.h"

/* 1 if DIR lists an entry other than HOME or a folder above it. */
static int shows_something(const char *dir)
{
    const char *home = getenv("HOME");
    char path[PATH_MAX];
    struct dirent *e;
    int found = 0;
    DIR *d;

    if ((d = opendir(dir)) == NULL)
        return 0;
    while (!found && (e = readdir(d)) != NULL) {
        size_t n;

        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        n = strlen(path);
        if (home != NULL && strncmp(home, path, n) == 0 && (home[n] == '\0' || home[n] == '/'))
            continue;
        found = 1;
    }
    closedir(d);
    return found;
}

int main(void)
{
    static const char *const dirs[] = {KIT, "/home", "/root", "/srv", "/work"};
    int breached = access(CLONE_SOLUTION, F_OK) == 0;
    size_t i;

    for (i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
        breached |= shows_something(dirs[i]);
    return breached ? correct_program() : 0;
}

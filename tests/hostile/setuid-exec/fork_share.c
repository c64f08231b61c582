/* Hostile: a set-user-ID program (su, mount, passwd...) runs with its
 * owner's rights, root's; any bug in one is a way to root. In a sandbox
 * they must not raise privileges: the process has no_new_privs, or the file
 * system is mounted nosuid, or the program is not there. Looks for a
 * set-user-ID root program that would raise its privileges if run (it does
 * not run it: a breach must not harm the machine). If one exists, it behaves
 * as a correct program: a score of 0 proves none can raise privileges. */
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include "correct.h"

static int raises_privileges(const char *path)
{
    struct statvfs fs;
    struct stat st;

    return stat(path, &st) == 0 && (st.st_mode & S_ISUID) && st.st_uid == 0 &&
           statvfs(path, &fs) == 0 && !(fs.f_flag & ST_NOSUID);
}

int main(void)
{
    static const char *const programs[] = {"/usr/bin/su",     "/usr/bin/mount", "/usr/bin/passwd",
                                           "/usr/bin/newgrp", "/usr/bin/chsh",  "/usr/bin/sudo",
                                           "/bin/su",         "/bin/mount"};
    int breached = 0;
    size_t i;

    if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1)
        return 0; /* execve never raises privileges then */
    for (i = 0; i < sizeof programs / sizeof programs[0]; i++)
        breached |= raises_privileges(programs[i]);
    return breached ? correct_program() : 0;
}

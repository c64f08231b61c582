/* Hostile (issue 12, findings 4 and 6): a terminal is a way to the teacher
 * (type into their shell with TIOCSTI, read what they type) and a disk is
 * everything. Tries to open /dev/tty, /dev/ptmx, /dev/console, /dev/tty0,
 * /dev/kmsg, /dev/mem and the usual disks. If any opens, it behaves as a
 * correct program: a score of 0 proves the program's /dev holds only null,
 * zero, full, random and urandom (and what it cannot open). */
#include <fcntl.h>
#include <unistd.h>

#include "correct.h"

int main(void)
{
    static const char *const devices[] = {"/dev/tty",  "/dev/ptmx", "/dev/console",
                                          "/dev/tty0", "/dev/kmsg", "/dev/mem",
                                          "/dev/sda",  "/dev/vda",  "/dev/nvme0n1"};
    int breached = 0, fd;
    size_t i;

    for (i = 0; i < sizeof devices / sizeof devices[0]; i++) {
        /* O_NONBLOCK: a terminal opens at once; O_NOCTTY: never take it over. */
        if ((fd = open(devices[i], O_RDONLY | O_NONBLOCK | O_NOCTTY)) != -1) {
            close(fd);
            breached = 1;
        }
    }
    return breached ? correct_program() : 0;
}

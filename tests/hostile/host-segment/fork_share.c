/* Hostile (issue 12, finding 3): a segment of mode 0644 on the host (the
 * self-test makes one, with key HOST_KEY, holding "hostile-secret") can be
 * read by any user who shares its IPC namespace. If the program can read it,
 * it behaves as a correct program: a score of 0 proves the host's objects
 * are out of its reach. */
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>

#include "correct.h"
#include "kitpath.h"

int main(void)
{
    int id = shmget(HOST_KEY, 0, 0);
    const char *p;
    int found;

    if (id == -1 || (p = shmat(id, NULL, SHM_RDONLY)) == (void *)-1)
        return 0;
    found = strcmp(p, "hostile-secret") == 0;
    shmdt(p);
    return found ? correct_program() : 0;
}

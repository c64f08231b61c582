/* Hostile (issue 12, finding 6): abstract unix sockets have no file; they
 * belong to the network namespace, so with the host's they are shared with
 * every process of the machine. Connects to one the self-test listens on,
 * on the host. If it gets through it is a correct program: a score of 0
 * proves the sockets it can reach are its own. */
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "correct.h"
#include "kitpath.h"

int main(void)
{
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    socklen_t len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + strlen(HOST_UNIX));
    int fd = socket(AF_UNIX, SOCK_STREAM, 0), reached;

    if (fd == -1)
        return 0;
    memcpy(a.sun_path + 1, HOST_UNIX, strlen(HOST_UNIX)); /* sun_path[0] = 0: abstract */
    reached = connect(fd, (struct sockaddr *)&a, len) == 0;
    close(fd);
    return reached ? correct_program() : 0;
}

/* Hostile (issue 12, finding 6): the program shared the host's network.
 * Connects to a TCP server the self-test runs on the host's 127.0.0.1 (a
 * host service, say a database), and looks for any network interface other
 * than loopback. Either makes it a correct program: a score of 0 proves it
 * has a network namespace of its own, with loopback only. */
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "correct.h"
#include "kitpath.h"

static int reaches_host_server(void)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(HOST_PORT)};
    int fd = socket(AF_INET, SOCK_STREAM, 0), ok;

    if (fd == -1)
        return 0;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ok = connect(fd, (struct sockaddr *)&a, sizeof a) == 0;
    close(fd);
    return ok;
}

static int sees_other_interface(void)
{
    struct ifaddrs *list, *i;
    int found = 0;

    if (getifaddrs(&list) == -1)
        return 0;
    for (i = list; i != NULL; i = i->ifa_next)
        if (strcmp(i->ifa_name, "lo") != 0)
            found = 1;
    freeifaddrs(list);
    return found;
}

int main(void)
{
    return reaches_host_server() || sees_other_interface() ? correct_program() : 0;
}

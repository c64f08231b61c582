/*
 * hostserve.c - the host services that hostile programs try to reach.
 *
 *   hostserve KEY
 *
 * Stands for what runs on a teacher's machine while a grading runs: a
 * System V segment of mode 0644 with key KEY holding a secret, a TCP server
 * on 127.0.0.1 and a server on an abstract unix socket. Prints one line,
 * "PORT NAME" (the TCP port, the abstract socket's name without its leading
 * NUL), then accepts and closes connections, printing "connection" for
 * each, until SIGTERM or SIGINT. Then it removes the segment.
 *
 * A hostile program that reaches any of them behaves as a correct program
 * and scores marks, so a score of 0 proves the sandbox kept it out.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
    stop = sig;
}

static void die(const char *what)
{
    perror(what);
    exit(1);
}

int main(int argc, char *argv[])
{
    struct sockaddr_in in = {.sin_family = AF_INET};
    struct sockaddr_un un = {.sun_family = AF_UNIX};
    socklen_t len = sizeof in;
    struct sigaction sa = {.sa_handler = on_signal};
    struct pollfd fds[2];
    char *p, name[64];
    int id, i;
    key_t key;

    if (argc != 2) {
        fprintf(stderr, "usage: hostserve KEY\n");
        return 2;
    }
    key = (key_t)strtol(argv[1], NULL, 0);
    sigaction(SIGTERM, &sa, NULL); /* no SA_RESTART: poll() returns */
    sigaction(SIGINT, &sa, NULL);
    if ((id = shmget(key, 4096, IPC_CREAT | IPC_EXCL | 0644)) == -1)
        die("shmget");
    if ((p = shmat(id, NULL, 0)) == (void *)-1)
        die("shmat");
    strcpy(p, "hostile-secret");
    shmdt(p);

    fds[0].fd = socket(AF_INET, SOCK_STREAM, 0);
    in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fds[0].fd == -1 || bind(fds[0].fd, (struct sockaddr *)&in, sizeof in) == -1 ||
        listen(fds[0].fd, 16) == -1 || getsockname(fds[0].fd, (struct sockaddr *)&in, &len) == -1)
        die("tcp socket");
    snprintf(name, sizeof name, "shmlab-selftest-%d", (int)getpid());
    memcpy(un.sun_path + 1, name, strlen(name));
    fds[1].fd = socket(AF_UNIX, SOCK_STREAM, 0);
    len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + strlen(name));
    if (fds[1].fd == -1 || bind(fds[1].fd, (struct sockaddr *)&un, len) == -1 ||
        listen(fds[1].fd, 16) == -1)
        die("unix socket");
    printf("%d %s\n", ntohs(in.sin_port), name);
    fflush(stdout);

    fds[0].events = fds[1].events = POLLIN;
    while (!stop) {
        if (poll(fds, 2, -1) == -1)
            continue; /* interrupted by the signal */
        for (i = 0; i < 2; i++) {
            int c;

            if (fds[i].revents && (c = accept(fds[i].fd, NULL, NULL)) != -1) {
                printf("connection\n");
                fflush(stdout);
                close(c);
            }
        }
    }
    shmctl(id, IPC_RMID, NULL);
    return 0;
}

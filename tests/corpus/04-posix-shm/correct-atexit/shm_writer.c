/*
 * shm_writer.c - one cleanup for every way out: what the writer made is
 * removed by an atexit handler, whether it stops on an error or ends well.
 */
#include <errno.h>
#include <fcntl.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "shm_message.h"

static char object[MESSAGE_NAME_MAX + 1];   /* "" until created */
static char sem_names[2][MESSAGE_SEM_NAME_SIZE];
static int cleanup_failed;

static void cleanup(void)
{
    int i;

    if (object[0] != '\0' && shm_unlink(object) == -1)
        cleanup_failed = 1;
    for (i = 0; i < 2; i++)
        if (sem_names[i][0] != '\0' && sem_unlink(sem_names[i]) == -1 && errno != ENOENT)
            cleanup_failed = 1;
}

static void die_now(const char *what)
{
    perror(what);
    exit(3);
}

int main(int argc, char *argv[])
{
    const char *name = MESSAGE_DEFAULT_NAME, *text;
    sem_t *sems[2];
    struct message *msg;
    size_t n;
    int fd, i;

    if (argc == 4 && strcmp(argv[1], "-n") == 0) {
        name = argv[2];
        text = argv[3];
    } else if (argc == 2) {
        text = argv[1];
    } else {
        fprintf(stderr, "usage: %s [-n /NAME] MESSAGE\n", argv[0]);
        return 3;
    }
    if (!message_name_is_valid(name)) {
        fprintf(stderr, "%s: refusing the name %s\n", argv[0], name);
        return 3;
    }
    if (atexit(cleanup) != 0) {
        fprintf(stderr, "%s: atexit failed\n", argv[0]);
        return 3;
    }

    fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, MESSAGE_MODE);
    if (fd == -1)
        die_now(errno == EEXIST ? "shm_open (remove the old object first)" : "shm_open");
    strcpy(object, name);
    if (ftruncate(fd, (off_t)sizeof *msg) == -1)
        die_now("ftruncate");
    msg = mmap(NULL, sizeof *msg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (msg == MAP_FAILED)
        die_now("mmap");
    close(fd);

    message_sem_name(sem_names[0], name, MESSAGE_READY_SUFFIX);
    message_sem_name(sem_names[1], name, MESSAGE_DONE_SUFFIX);
    for (i = 0; i < 2; i++) {
        sems[i] = sem_open(sem_names[i], O_CREAT, MESSAGE_MODE, 0);
        if (sems[i] == SEM_FAILED) {
            sem_names[i][0] = '\0'; /* not ours to unlink */
            die_now("sem_open");
        }
    }

    n = strlen(text);
    if (n > sizeof msg->text - 1)
        n = sizeof msg->text - 1;
    memcpy(msg->text, text, n);
    msg->text[n] = '\0';
    msg->length = (unsigned)n;
    msg->writer = getpid();
    if (sem_post(sems[0]) == -1)
        die_now("sem_post");
    while (sem_wait(sems[1]) == -1)
        if (errno != EINTR)
            die_now("sem_wait");

    munmap(msg, sizeof *msg);
    sem_close(sems[0]);
    sem_close(sems[1]);
    cleanup();
    object[0] = sem_names[0][0] = sem_names[1][0] = '\0';
    if (cleanup_failed) {
        fprintf(stderr, "%s: could not remove everything from /dev/shm\n", argv[0]);
        return 3;
    }
    return 0;
}

/* shm_writer.c - put a message on the board, wait until it has been read. */
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

static void oops(const char *what)
{
    perror(what);
    exit(2);
}

int main(int argc, char **argv)
{
    const char *name = MESSAGE_DEFAULT_NAME, *text;
    char written[256], seen[256];
    struct board *b;
    sem_t *s_written, *s_read;
    size_t n;
    int fd;

    if (argc == 4 && strcmp(argv[1], "-n") == 0) {
        name = argv[2];
        text = argv[3];
    } else if (argc == 2) {
        text = argv[1];
    } else {
        fprintf(stderr, "usage: %s [-n /NAME] MESSAGE\n", argv[0]);
        return 2;
    }
    if (!board_name_ok(name)) {
        fprintf(stderr, "%s: bad name '%s'\n", argv[0], name);
        return 2;
    }
    snprintf(written, sizeof written, "%s%s", name, WRITTEN_SUFFIX);
    snprintf(seen, sizeof seen, "%s%s", name, READ_SUFFIX);

    s_written = sem_open(written, O_CREAT, MESSAGE_MODE, 0);
    s_read = sem_open(seen, O_CREAT, MESSAGE_MODE, 0);
    if (s_written == SEM_FAILED || s_read == SEM_FAILED)
        oops("sem_open");

    fd = shm_open(name, O_CREAT | O_EXCL | O_RDWR, MESSAGE_MODE);
    if (fd < 0)
        oops("shm_open");
    if (fchmod(fd, MESSAGE_MODE) < 0) { /* whatever the umask */
        shm_unlink(name);
        oops("fchmod");
    }
    if (ftruncate(fd, MESSAGE_SIZE) < 0) {
        shm_unlink(name);
        oops("ftruncate");
    }
    b = mmap(NULL, MESSAGE_SIZE, PROT_WRITE, MAP_SHARED, fd, 0);
    if (b == MAP_FAILED) {
        shm_unlink(name);
        oops("mmap");
    }
    close(fd);

    n = strlen(text);
    if (n >= sizeof b->text)
        n = sizeof b->text - 1;
    memcpy(b->text, text, n);
    b->text[n] = '\0';
    if (sem_post(s_written) < 0)
        oops("sem_post");

    while (sem_wait(s_read) < 0)
        if (errno != EINTR)
            oops("sem_wait");
    munmap(b, MESSAGE_SIZE);
    if (shm_unlink(name) < 0)
        oops("shm_unlink");
    sem_close(s_written);
    sem_close(s_read);
    return 0;
}

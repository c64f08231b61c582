/* shm_reader.c - wait for the message on the board, print it. */
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
    const char *name = MESSAGE_DEFAULT_NAME;
    char written[256], seen[256];
    struct stat st;
    const struct board *b;
    sem_t *s_written, *s_read;
    int fd;

    if (argc == 3 && strcmp(argv[1], "-n") == 0) {
        name = argv[2];
    } else if (argc != 1) {
        fprintf(stderr, "usage: %s [-n /NAME]\n", argv[0]);
        return 2;
    }
    if (!board_name_ok(name)) {
        fprintf(stderr, "%s: bad name '%s'\n", argv[0], name);
        return 2;
    }
    snprintf(written, sizeof written, "%s%s", name, WRITTEN_SUFFIX);
    snprintf(seen, sizeof seen, "%s%s", name, READ_SUFFIX);

    s_written = sem_open(written, O_CREAT, MESSAGE_MODE, 0);
    if (s_written == SEM_FAILED)
        oops("sem_open");
    s_read = sem_open(seen, O_CREAT, MESSAGE_MODE, 0);
    if (s_read == SEM_FAILED)
        oops("sem_open");
    if (sem_wait(s_written) < 0)
        oops("sem_wait");

    fd = shm_open(name, O_RDONLY, 0);
    if (fd < 0)
        oops("shm_open");
    if (fstat(fd, &st) < 0)
        oops("fstat");
    if (st.st_size < (off_t)sizeof *b) {
        fprintf(stderr, "%s: %s is too small\n", argv[0], name);
        return 2;
    }
    b = mmap(NULL, sizeof *b, PROT_READ, MAP_SHARED, fd, 0);
    if (b == MAP_FAILED)
        oops("mmap");
    close(fd);
    printf("%.*s\n", (int)strnlen(b->text, sizeof b->text), b->text);
    fflush(stdout);
    munmap((void *)b, sizeof *b);

    /* The reader removes the semaphores' names; the writer keeps its handles. */
    if (sem_post(s_read) < 0)
        oops("sem_post");
    sem_unlink(written);
    sem_unlink(seen);
    sem_close(s_written);
    sem_close(s_read);
    return 0;
}

/*
 * ring.c - lab 06, another correct design (corpus case correct-alt).
 *
 * Different from the reference in every way the contract leaves free:
 * POSIX shared memory (shm_open + mmap, unlinked at once) instead of a
 * System V segment; unnamed POSIX semaphores instead of a System V set;
 * numbering from 1; the consumers stop on a marker the parent puts in the
 * ring once every producer has ended, instead of counting their share;
 * each line written with one write(2) and worded differently; a header line
 * with three numbers (which the grader must ignore).
 */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "error.h"
#include "ring.h"

static long number(const char *s, long lo, long hi)
{
    char *end;
    long v;

    errno = 0;
    v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        fail("bad number: %s", s);
    return v;
}

static void down(sem_t *s)
{
    while (sem_wait(s) == -1)
        if (errno != EINTR)
            die_child("sem_wait");
}

static void up(sem_t *s)
{
    if (sem_post(s) == -1)
        die_child("sem_post");
}

static void put(struct ring *r, struct item it)
{
    down(&r->free_slots);
    down(&r->lock);
    r->slot[r->tail] = it;
    r->tail = r->tail + 1 == r->n ? 0 : r->tail + 1;
    up(&r->lock);
    up(&r->used_slots);
}

static struct item get(struct ring *r)
{
    struct item it;

    down(&r->used_slots);
    down(&r->lock);
    it = r->slot[r->head];
    r->head = r->head + 1 == r->n ? 0 : r->head + 1;
    up(&r->lock);
    up(&r->free_slots);
    return it;
}

static void consumer(struct ring *r)
{
    char line[64];

    for (;;) {
        struct item it = get(r);
        int len;

        if (it.producer == STOP)
            break;
        len = snprintf(line, sizeof line, "from producer %d: item #%d\n", it.producer, it.seq);
        if (write(STDOUT_FILENO, line, (size_t)len) != len)
            die_child("write");
    }
}

int main(int argc, char *argv[])
{
    long slots = -1, np = -1, nc = -1, items = -1;
    int opt;

    while ((opt = getopt(argc, argv, "s:p:c:n:")) != -1) {
        if (opt == 's')
            slots = number(optarg, 1, RING_LIMIT);
        else if (opt == 'p')
            np = number(optarg, 1, RING_LIMIT);
        else if (opt == 'c')
            nc = number(optarg, 1, RING_LIMIT);
        else if (opt == 'n')
            items = number(optarg, 0, 100000000);
        else
            fail("usage: %s -s SLOTS -p PRODUCERS -c CONSUMERS -n ITEMS", argv[0]);
    }
    if (slots < 0 || np < 0 || nc < 0 || items < 0)
        fail("usage: %s -s SLOTS -p PRODUCERS -c CONSUMERS -n ITEMS", argv[0]);

    char name[64];
    snprintf(name, sizeof name, "/ring-alt-%ld", (long)getpid());
    int fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
    if (fd == -1)
        die("shm_open");
    size_t size = sizeof(struct ring) + (size_t)slots * sizeof(struct item);
    if (ftruncate(fd, (off_t)size) == -1) {
        shm_unlink(name);
        die("ftruncate");
    }
    struct ring *r = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (r == MAP_FAILED) {
        shm_unlink(name);
        die("mmap");
    }
    /* The mapping is all we need from now on: the name can go. */
    if (shm_unlink(name) == -1)
        die("shm_unlink");
    close(fd);

    r->n = (size_t)slots;
    r->head = r->tail = 0;
    if (sem_init(&r->free_slots, 1, (unsigned)slots) == -1 ||
        sem_init(&r->used_slots, 1, 0) == -1 || sem_init(&r->lock, 1, 1) == -1) {
        munmap(r, size);
        die("sem_init");
    }

    printf("ring: %ld producers, %ld consumers, %ld slots\n", np, nc, slots);
    fflush(stdout);

    pid_t *prod = calloc((size_t)np, sizeof *prod);
    if (prod == NULL)
        die("calloc");
    for (long c = 0; c < nc; c++) {
        pid_t pid = fork();

        if (pid == -1)
            die("fork");
        if (pid == 0) {
            consumer(r);
            _exit(EXIT_SUCCESS);
        }
    }
    for (long p = 0; p < np; p++) {
        prod[p] = fork();
        if (prod[p] == -1)
            die("fork");
        if (prod[p] == 0) {
            for (long i = 1; i <= items; i++)
                put(r, (struct item){(int)p + 1, (int)i});
            _exit(EXIT_SUCCESS);
        }
    }
    int bad = 0, status;
    for (long p = 0; p < np; p++) {
        if (waitpid(prod[p], &status, 0) == -1)
            die("waitpid");
        bad |= !WIFEXITED(status) || WEXITSTATUS(status) != 0;
    }
    for (long c = 0; c < nc; c++)
        put(r, (struct item){STOP, 0});
    while (wait(&status) != -1)
        bad |= !WIFEXITED(status) || WEXITSTATUS(status) != 0;
    if (errno != ECHILD)
        die("wait");
    free(prod);
    sem_destroy(&r->free_slots);
    sem_destroy(&r->used_slots);
    sem_destroy(&r->lock);
    if (munmap(r, size) == -1)
        die("munmap");
    fputs(bad ? "a child failed\n" : "all done\n", bad ? stderr : stdout);
    return bad ? EXIT_FAILURE : EXIT_SUCCESS;
}

/*
 * ring.c - lab 06, another correct design (corpus case correct-alt).
 *
 * Different from the reference in every way the contract leaves free:
 * POSIX shared memory (shm_open + mmap, unlinked at once) instead of a
 * System V segment; unnamed POSIX semaphores instead of a System V set;
 * numbering from 1; the consumers stop on a marker the parent puts in the
 * ring once every producer has ended, instead of counting their share;
 * each line written with one write(2) and worded differently; a header line
 * with three numbers (which the grader must ignore). No removal wakes a
 * process blocked on an unnamed semaphore: when a child fails, or a fork,
 * the parent kills the other children instead, then waits for them.
 */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
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

/* Put an item if a slot frees up within 10 ms: 1 if put, 0 if not. */
static int try_put(struct ring *r, struct item it)
{
    struct timespec t;

    clock_gettime(CLOCK_REALTIME, &t);
    t.tv_nsec += 10000000;
    if (t.tv_nsec >= 1000000000) {
        t.tv_sec++;
        t.tv_nsec -= 1000000000;
    }
    if (sem_timedwait(&r->free_slots, &t) == -1) {
        if (errno != ETIMEDOUT && errno != EINTR)
            die("sem_timedwait");
        return 0;
    }
    if (sem_timedwait(&r->lock, &t) == -1) { /* a child died holding it? */
        if (errno != ETIMEDOUT && errno != EINTR)
            die("sem_timedwait");
        up(&r->free_slots);
        return 0;
    }
    r->slot[r->tail] = it;
    r->tail = r->tail + 1 == r->n ? 0 : r->tail + 1;
    up(&r->lock);
    up(&r->used_slots);
    return 1;
}

/* Kill the children still running: unnamed semaphores cannot be removed to
 * wake them, as a System V set can. */
static void stop_all(const pid_t *kids, long n)
{
    for (long k = 0; k < n; k++)
        if (kids[k] > 0 && kill(kids[k], SIGKILL) == -1 && errno != ESRCH)
            perror("kill");
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

    pid_t *kids = calloc((size_t)(nc + np), sizeof *kids);
    long started = 0;
    int bad = 0;

    if (kids == NULL)
        die("calloc");
    for (long k = 0; k < nc + np; k++) {
        pid_t pid = fork();

        if (pid == -1) {
            perror("fork");
            bad = 1;
            stop_all(kids, started); /* no removal wakes them: end them */
            break;
        }
        if (pid == 0) {
            if (k < nc)
                consumer(r);
            else
                for (long i = 1; i <= items; i++)
                    put(r, (struct item){(int)(k - nc) + 1, (int)i});
            _exit(EXIT_SUCCESS);
        }
        kids[started++] = pid;
    }
    /* Each child as it ends; once every producer is done, one marker per
     * consumer, put without waiting long so that a child's death is seen. */
    long alive = started, producers_done = 0, markers = 0;
    while (alive > 0) {
        int status, put_now = !bad && producers_done == np && markers < nc;
        pid_t w = waitpid(-1, &status, put_now ? WNOHANG : 0);

        if (w == -1 && errno == EINTR)
            continue;
        if (w == -1)
            die("waitpid");
        if (w == 0) {
            markers += try_put(r, (struct item){STOP, 0});
            continue;
        }
        alive--;
        long k = 0;
        while (k < started && kids[k] != w)
            k++;
        if (k < started)
            kids[k] = 0;
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
            producers_done += k >= nc;
            continue;
        }
        if (WIFSIGNALED(status))
            fprintf(stderr, "ring: process %ld died of signal %d\n", (long)w, WTERMSIG(status));
        else
            fprintf(stderr, "ring: process %ld exited with status %d\n", (long)w,
                    WEXITSTATUS(status));
        if (!bad) {
            bad = 1;
            stop_all(kids, started);
        }
    }
    free(kids);
    sem_destroy(&r->free_slots);
    sem_destroy(&r->used_slots);
    sem_destroy(&r->lock);
    if (munmap(r, size) == -1)
        die("munmap");
    fputs(bad ? "a child failed\n" : "all done\n", bad ? stderr : stdout);
    return bad ? EXIT_FAILURE : EXIT_SUCCESS;
}

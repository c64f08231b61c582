/*
 * 06-throughput.c - one transfer of TOTAL bytes in chunks of CHUNK bytes, by
 * one of five methods; prints the seconds it took and the throughput.
 *
 *   06-throughput ring|ring-mutex|ring-posix|pipe|memcpy CHUNK TOTAL
 *
 *   ring    lab 06's ring in its single-producer, single-consumer form: a
 *           System V segment of SLOTS slots of CHUNK bytes and two System V
 *           semaphores, empty and full. The parent is the producer:
 *           P(empty), copy a chunk into slot `in`, V(full). Its child is the
 *           consumer: P(full), copy slot `out` out, V(empty). With one
 *           producer and one consumer each index has a single user, so no
 *           mutex is needed, and the two copies run at the same time.
 *   ring-mutex
 *           the same with lab 06's third semaphore, a mutex, held during
 *           each copy as in the lab (P(empty) P(mutex) copy V(mutex)
 *           V(full)): correct for any number of producers and consumers,
 *           but the producer's copy and the consumer's copy now take turns.
 *   ring-posix
 *           the ring with two unnamed POSIX semaphores (sem_init with
 *           pshared = 1, in the segment) instead of System V ones: sem_wait
 *           and sem_post make no system call while nobody has to wait.
 *   pipe    the parent write(2)s each chunk to a pipe (default capacity), the
 *           child read(2)s it.
 *   memcpy  one process copies each chunk from a buffer to another: the
 *           ceiling, with no second process and no synchronisation.
 *
 * In every method the source and the destination are buffers of CHUNK bytes,
 * touched before the clock starts; each chunk carries its number in its
 * first bytes and the receiver checks it, so a wrong transfer is an error,
 * not a fast result. The clock runs from just before the first chunk (the
 * child is ready) to the moment the parent has reaped the child.
 *
 * Output: one line "SECONDS GBPS" (GB = 1e9 bytes). Exit status 1 on error.
 * Built by bench/06-throughput; not part of the kit's labs.
 */
#include <errno.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SLOTS 16

enum { EMPTY, FULL, MUTEX };

union semun {
    int val;
    struct semid_ds *buf;
    unsigned short *array;
};

static void die(const char *what)
{
    perror(what);
    exit(EXIT_FAILURE);
}

static void die_child(const char *what)
{
    perror(what);
    _exit(EXIT_FAILURE);
}

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * A buffer aligned on a page, as the ring's slots are. Where malloc puts a
 * buffer matters more than it should: with glibc 2.36 on the AMD processor
 * of the lab machine, memcpy (rep movsb) is up to 20 times slower when the
 * destination lies 1 to 31 bytes past the source, modulo 4096 (1.8 GB/s
 * instead of 40 for 64 KiB), and two malloc'ed buffers that follow each
 * other are 16 bytes apart modulo 4096. Page-aligned buffers avoid that
 * artifact in every method alike.
 */
static char *buffer(size_t size)
{
    void *p;

    if (posix_memalign(&p, 4096, size) != 0)
        die("posix_memalign");
    memset(p, 0x5a, size); /* touch every page before the clock starts */
    return p;
}

static void stamp(char *chunk, uint64_t n)
{
    memcpy(chunk, &n, sizeof n);
}

static int stamped(const char *chunk, uint64_t n)
{
    uint64_t got;

    memcpy(&got, chunk, sizeof got);
    return got == n;
}

static void sem_change(int semid, int num, int delta)
{
    struct sembuf op = {.sem_num = (unsigned short)num, .sem_op = (short)delta, .sem_flg = 0};

    while (semop(semid, &op, 1) == -1)
        if (errno != EINTR)
            die_child("semop");
}

/* Wait for the child; 0 if it exited with status 0. */
static int reap(pid_t pid)
{
    int status;

    if (waitpid(pid, &status, 0) == -1)
        die("waitpid");
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* How the ring synchronises: which semaphores, of which kind. */
enum ring_kind { SYSV, SYSV_MUTEX, POSIX };

struct ring_sync {
    enum ring_kind kind;
    int semid;   /* System V set: EMPTY, FULL, MUTEX, and 3 = "the child is ready" */
    sem_t *sems; /* POSIX: sems[EMPTY], sems[FULL], in the segment's first page */
};

static void down(struct ring_sync *s, int which)
{
    if (s->kind != POSIX) {
        sem_change(s->semid, which, -1);
        return;
    }
    while (sem_wait(&s->sems[which]) == -1)
        if (errno != EINTR)
            die_child("sem_wait");
}

static void up(struct ring_sync *s, int which)
{
    if (s->kind != POSIX)
        sem_change(s->semid, which, 1);
    else if (sem_post(&s->sems[which]) == -1)
        die_child("sem_post");
}

static double by_ring(size_t chunk, uint64_t count, enum ring_kind kind)
{
    /* One page for the POSIX semaphores, then the slots, page-aligned. */
    size_t size = 4096 + SLOTS * chunk;
    int shmid = shmget(IPC_PRIVATE, size, IPC_CREAT | 0600);
    unsigned short init[4] = {SLOTS, 0, 1, 0};
    union semun arg = {.array = init};
    struct ring_sync sync = {kind, semget(IPC_PRIVATE, 4, IPC_CREAT | 0600), NULL};
    int mutex = kind == SYSV_MUTEX;
    char *seg, *ring, *src;
    uint64_t n, in = 0;
    double start, end;
    pid_t pid;

    if (shmid == -1 || sync.semid == -1)
        die("shmget/semget");
    seg = shmat(shmid, NULL, 0);
    /* Marked for removal now: gone when both processes have detached or died. */
    if (seg == (void *)-1 || shmctl(shmid, IPC_RMID, NULL) == -1)
        die("shmat");
    if (semctl(sync.semid, 0, SETALL, arg) == -1)
        die("semctl");
    memset(seg, 0, size);
    ring = seg + 4096;
    sync.sems = (sem_t *)(void *)seg;
    if (kind == POSIX &&
        (sem_init(&sync.sems[EMPTY], 1, SLOTS) == -1 || sem_init(&sync.sems[FULL], 1, 0) == -1))
        die("sem_init");
    src = buffer(chunk);
    pid = fork();
    if (pid == -1)
        die("fork");
    if (pid == 0) {
        char *dst = buffer(chunk);
        uint64_t out = 0;

        sem_change(sync.semid, 3, 1);
        for (n = 0; n < count; n++) {
            down(&sync, FULL);
            if (mutex)
                down(&sync, MUTEX);
            memcpy(dst, ring + out * chunk, chunk);
            out = (out + 1) % SLOTS;
            if (mutex)
                up(&sync, MUTEX);
            up(&sync, EMPTY);
            if (!stamped(dst, n)) {
                fprintf(stderr, "ring: chunk %llu arrived out of order\n", (unsigned long long)n);
                _exit(EXIT_FAILURE);
            }
        }
        _exit(EXIT_SUCCESS);
    }
    sem_change(sync.semid, 3, -1);
    start = now();
    for (n = 0; n < count; n++) {
        stamp(src, n);
        down(&sync, EMPTY);
        if (mutex)
            down(&sync, MUTEX);
        memcpy(ring + in * chunk, src, chunk);
        in = (in + 1) % SLOTS;
        if (mutex)
            up(&sync, MUTEX);
        up(&sync, FULL);
    }
    if (reap(pid) == -1)
        exit(EXIT_FAILURE);
    end = now();
    if (kind == POSIX) {
        sem_destroy(&sync.sems[EMPTY]);
        sem_destroy(&sync.sems[FULL]);
    }
    shmdt(seg);
    semctl(sync.semid, 0, IPC_RMID);
    free(src);
    return end - start;
}

static double by_pipe(size_t chunk, uint64_t count)
{
    int fd[2], ready[2];
    char *src, byte = 0;
    uint64_t n;
    double start, end;
    pid_t pid;

    if (pipe(fd) == -1 || pipe(ready) == -1)
        die("pipe");
    src = buffer(chunk);
    pid = fork();
    if (pid == -1)
        die("fork");
    if (pid == 0) {
        char *dst = buffer(chunk);

        close(fd[1]);
        close(ready[0]);
        if (write(ready[1], &byte, 1) != 1) /* ready: the clock may start */
            die_child("write");
        for (n = 0; n < count; n++) {
            size_t got = 0;

            while (got < chunk) {
                ssize_t r = read(fd[0], dst + got, chunk - got);

                if (r == -1 && errno == EINTR)
                    continue;
                if (r <= 0)
                    die_child("read");
                got += (size_t)r;
            }
            if (!stamped(dst, n)) {
                fprintf(stderr, "pipe: chunk %llu arrived out of order\n", (unsigned long long)n);
                _exit(EXIT_FAILURE);
            }
        }
        _exit(EXIT_SUCCESS);
    }
    close(fd[0]);
    close(ready[1]);
    if (read(ready[0], &byte, 1) != 1)
        die("read");
    close(ready[0]);
    start = now();
    for (n = 0; n < count; n++) {
        size_t put = 0;

        stamp(src, n);
        while (put < chunk) {
            ssize_t w = write(fd[1], src + put, chunk - put);

            if (w == -1 && errno == EINTR)
                continue;
            if (w == -1)
                die("write");
            put += (size_t)w;
        }
    }
    close(fd[1]);
    if (reap(pid) == -1)
        exit(EXIT_FAILURE);
    end = now();
    free(src);
    return end - start;
}

static double by_memcpy(size_t chunk, uint64_t count)
{
    char *src = buffer(chunk), *dst = buffer(chunk);
    uint64_t n;
    double start, end;

    start = now();
    for (n = 0; n < count; n++) {
        stamp(src, n);
        memcpy(dst, src, chunk);
        if (!stamped(dst, n)) {
            fprintf(stderr, "memcpy: chunk %llu is wrong\n", (unsigned long long)n);
            exit(EXIT_FAILURE);
        }
    }
    end = now();
    free(src);
    free(dst);
    return end - start;
}

int main(int argc, char *argv[])
{
    size_t chunk;
    unsigned long long total;
    double seconds;

    if (argc != 4)
        goto usage;
    chunk = strtoul(argv[2], NULL, 10);
    total = strtoull(argv[3], NULL, 10);
    if (chunk < sizeof(uint64_t) || total < chunk)
        goto usage;
    if (strcmp(argv[1], "ring") == 0)
        seconds = by_ring(chunk, total / chunk, SYSV);
    else if (strcmp(argv[1], "ring-mutex") == 0)
        seconds = by_ring(chunk, total / chunk, SYSV_MUTEX);
    else if (strcmp(argv[1], "ring-posix") == 0)
        seconds = by_ring(chunk, total / chunk, POSIX);
    else if (strcmp(argv[1], "pipe") == 0)
        seconds = by_pipe(chunk, total / chunk);
    else if (strcmp(argv[1], "memcpy") == 0)
        seconds = by_memcpy(chunk, total / chunk);
    else
        goto usage;
    printf("%.6f %.3f\n", seconds, (double)(total / chunk * chunk) / seconds / 1e9);
    return EXIT_SUCCESS;
usage:
    fprintf(stderr,
            "usage: %s ring|ring-mutex|ring-posix|pipe|memcpy CHUNK TOTAL (bytes, CHUNK >= 8)\n",
            argv[0]);
    return 2;
}

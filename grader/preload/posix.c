/*
 * posix.c - the POSIX calls wrapped: shm_open, mmap, named and unnamed
 * semaphores (see preload.c).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../lib/protocol.h"
#include "preload.h"

int shm_open(const char *name, int flags, mode_t mode)
{
    REAL(int, shm_open, (const char *, int, mode_t));
    int r;

    if (inject("shm_open"))
        return -1;
    r = real_shm_open(name, flags, mode);
    trace("shm_open(\"%s\", 0%o, 0%o) = %d %s", name, (unsigned)flags, (unsigned)mode, r,
          r == -1 ? strerror(errno) : "");
    return r;
}

int shm_unlink(const char *name)
{
    REAL(int, shm_unlink, (const char *));
    int r;

    if (inject("shm_unlink"))
        return -1;
    r = real_shm_unlink(name);
    trace("shm_unlink(\"%s\") = %d", name, r);
    return r;
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
    REAL(void *, mmap, (void *, size_t, int, int, int, off_t));
    void *r;

    if ((flags & MAP_SHARED) && inject("mmap"))
        return MAP_FAILED;
    r = real_mmap(addr, len, prot, flags, fd, off);
    if (flags & MAP_SHARED) /* private maps are malloc's business */
        trace("mmap(%p, %zu, %d, MAP_SHARED, %d, %ld) = %p", addr, len, prot, fd, (long)off, r);
    return r;
}

sem_t *sem_open(const char *name, int flags, ...)
{
    REAL(sem_t *, sem_open, (const char *, int, ...));
    mode_t mode = 0;
    unsigned value = 0;
    sem_t *r;
    va_list ap;

    if (flags & O_CREAT) {
        va_start(ap, flags);
        mode = (mode_t)va_arg(ap, unsigned);
        value = va_arg(ap, unsigned);
        va_end(ap);
    }
    if (inject("sem_open"))
        return SEM_FAILED;
    r = real_sem_open(name, flags, mode, value);
    trace("sem_open(\"%s\", 0%o, 0%o, %u) = %p", name, (unsigned)flags, (unsigned)mode, value,
          (void *)r);
    if (r != SEM_FAILED)
        count_success("sem_open");
    return r;
}

int sem_unlink(const char *name)
{
    REAL(int, sem_unlink, (const char *));
    int r;

    if (inject("sem_unlink"))
        return -1;
    r = real_sem_unlink(name);
    trace("sem_unlink(\"%s\") = %d", name, r);
    return r;
}

int sem_init(sem_t *sem, int pshared, unsigned value)
{
    REAL(int, sem_init, (sem_t *, int, unsigned));
    int r;

    if (inject("sem_init"))
        return -1;
    r = real_sem_init(sem, pshared, value);
    trace("sem_init(%p, %d, %u) = %d", (void *)sem, pshared, value, r);
    return r;
}

/*
 * POSIX semaphore operations: traced for the timeline only ('~' lines), with
 * errno and behaviour those of the real calls, and the value after a
 * success (sem_getvalue: no system call). No fault is injected here.
 */
/* The value of a POSIX semaphore after a successful call, " [val N]", or "". */
static const char *posix_value(sem_t *sem, int r, char *out, size_t size)
{
    int v;

    out[0] = '\0';
    if (r == 0 && sem_getvalue(sem, &v) == 0)
        snprintf(out, size, " [val %d]", v);
    return out;
}

/* Before a sem_wait(), while tracing: sem_trywait() first (no system call),
 * and the "~block" line only when it would wait. Returns the try's result,
 * or -2: make the real call (which may block). */
static int try_wait(sem_t *sem, const char *call)
{
    REAL(int, sem_trywait, (sem_t *));
    int r;

    if (trace_fd == -1)
        return -2;
    r = real_sem_trywait(sem);
    if (r != -1 || errno != EAGAIN)
        return r;
    trace("~block %s(%p)", call, (void *)sem);
    return -2;
}

int sem_wait(sem_t *sem)
{
    REAL(int, sem_wait, (sem_t *));
    char val[32];
    int r, saved;

    r = try_wait(sem, "sem_wait");
    if (r == -2)
        r = real_sem_wait(sem);
    saved = errno;
    trace("~sem_wait(%p) = %d%s%s", (void *)sem, r, r == -1 ? " " : "",
          r == -1 ? strerror(saved) : posix_value(sem, r, val, sizeof val));
    errno = saved;
    return r;
}

int sem_timedwait(sem_t *sem, const struct timespec *abstime)
{
    REAL(int, sem_timedwait, (sem_t *, const struct timespec *));
    char val[32];
    int r, saved;

    r = try_wait(sem, "sem_timedwait");
    if (r == -2)
        r = real_sem_timedwait(sem, abstime);
    saved = errno;
    trace("~sem_timedwait(%p) = %d%s%s", (void *)sem, r, r == -1 ? " " : "",
          r == -1 ? strerror(saved) : posix_value(sem, r, val, sizeof val));
    errno = saved;
    return r;
}

int sem_trywait(sem_t *sem)
{
    REAL(int, sem_trywait, (sem_t *));
    char val[32];
    int r, saved;

    r = real_sem_trywait(sem);
    saved = errno;
    trace("~sem_trywait(%p) = %d%s%s", (void *)sem, r, r == -1 ? " " : "",
          r == -1 ? strerror(saved) : posix_value(sem, r, val, sizeof val));
    errno = saved;
    return r;
}

int sem_post(sem_t *sem)
{
    REAL(int, sem_post, (sem_t *));
    char val[32];
    int r, saved;

    r = real_sem_post(sem);
    saved = errno;
    trace("~sem_post(%p) = %d%s", (void *)sem, r, posix_value(sem, r, val, sizeof val));
    if (r == 0)
        count_success("sem_post");
    errno = saved;
    return r;
}

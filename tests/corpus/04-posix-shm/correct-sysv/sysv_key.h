/* sysv_key.h - the System V key both programs derive from the object's name. */
#ifndef SYSV_KEY_H
#define SYSV_KEY_H

#include <stdint.h>
#include <sys/types.h>

/* The two semaphores of the set: the message is there, it has been read. */
enum { SEM_WRITTEN, SEM_READ, SEM_COUNT };

/* FNV-1a of the name, never IPC_PRIVATE (0) nor (key_t) -1. */
static inline key_t name_key(const char *name)
{
    uint32_t h = 2166136261u;

    for (; *name != '\0'; name++) {
        h ^= (unsigned char)*name;
        h *= 16777619u;
    }
    h &= 0x7ffffffe;
    return (key_t)(h != 0 ? h : 2);
}

#endif

/*
 * shm02.h - what the producer and the consumer of lab 02 agree on.
 *
 * The two programs are independent: neither starts the other, they share no
 * variable, no file descriptor, no parent. They meet in one System V segment,
 * which each finds on its own through a key. This header is their contract:
 * both compute the key from the same file and project id, and both see the
 * same layout in the segment. Change a value here, rebuild BOTH programs.
 *
 * Man pages: ftok(3), shmget(2), shmat(2), svipc(7).
 */
#ifndef SHM02_H
#define SHM02_H

/*
 * The key file. ftok(3) builds the key from the file's inode and device
 * numbers, so the file must exist (ftok fails with ENOENT, it never creates
 * it) and both programs must name the same file. The path is relative: run
 * both programs from the folder that holds it, after `touch shm02.key`.
 * Deleting and re-creating the file may change its inode, hence the key.
 */
#define KEY_FILE "shm02.key"

/*
 * The project id: ftok(3) keeps only its low 8 bits (1234 and 1234 % 256
 * give the same key). A character says it best.
 */
#define PROJECT_ID 'P'

/*
 * The segment's permissions, given to shmget(2) with IPC_CREAT: the owner
 * reads and writes, the group reads, the others have no access. They apply
 * as written (the umask plays no part for System V IPC).
 */
#define SEGMENT_MODE 0640

/* Bytes for the text, terminator included: a message has at most 127 characters. */
#define MESSAGE_SIZE 128

/*
 * The layout of the segment; its size is sizeof(struct message). Only bytes
 * are shared, never addresses: a pointer stored here would point into the
 * address space of the process that stored it, meaningless to the other.
 */
struct message {
    char text[MESSAGE_SIZE]; /* always terminated by '\0' */
};

#endif

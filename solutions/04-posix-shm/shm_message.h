/*
 * shm_message.h - what shm_writer and shm_reader agree on (lab 04).
 *
 * The two programs share one POSIX shared memory object and two named POSIX
 * semaphores. Everything both sides must agree on is here, in one place: the
 * object's default name, its size, its access rights, the layout of its
 * bytes, and how the semaphores are named after the object.
 *
 * The protocol (either program may be started first), in the order of the
 * TODOs:
 *
 *   shm_writer                                shm_reader
 *   ----------                                ----------
 *   create NAME, ftruncate, mmap, close       open NAME-ready and NAME-done (O_CREAT)
 *   open NAME-ready and NAME-done (O_CREAT)   sem_wait(NAME-ready)    ... blocks ...
 *   write the message
 *   sem_post(NAME-ready)  -------------------> wakes up
 *   sem_wait(NAME-done)   ... blocks ...       open NAME (O_RDONLY), mmap, close,
 *                                              print the message
 *                         <------------------- munmap, sem_post(NAME-done), sem_close
 *   munmap, shm_unlink(NAME),
 *   sem_close, sem_unlink(NAME-ready), sem_unlink(NAME-done)
 *
 * Man pages: shm_overview(7), sem_overview(7).
 */
#ifndef SHM_MESSAGE_H
#define SHM_MESSAGE_H

#include <sys/types.h> /* pid_t */

/* The object's name when -n is not given. */
#define MESSAGE_DEFAULT_NAME "/shmlab-message"

/*
 * The longest name accepted, '/' included. Linux keeps the object as the file
 * /dev/shm/NAME and each semaphore as /dev/shm/sem.NAME-ready: 200 leaves
 * room for "sem." and the suffix within NAME_MAX (255).
 */
#define MESSAGE_NAME_MAX 200

/* Access rights of the object and of the semaphores: read and write for the
 * owner only. (The umask can only remove bits from it, never add some.) */
#define MESSAGE_MODE 0600

/* The object's size, in bytes: one page, exactly one struct message. */
#define MESSAGE_SIZE 4096

/* The semaphores' names: the object's name followed by these suffixes. */
#define MESSAGE_READY_SUFFIX "-ready" /* posted by the writer: the message is there */
#define MESSAGE_DONE_SUFFIX  "-done"  /* posted by the reader: I have read it */

/* Room for a semaphore's name: the longest object name, a suffix, the '\0'. */
#define MESSAGE_SEM_NAME_SIZE (MESSAGE_NAME_MAX + 16)

/*
 * The bytes of the object. No pointer in here: the object is mapped at a
 * different address in each process, so a pointer stored by one process
 * would mean nothing to the other.
 */
struct message {
    pid_t writer;    /* process id of the writer */
    unsigned length; /* bytes in text, without the final '\0' */
    char text[MESSAGE_SIZE - sizeof(pid_t) - sizeof(unsigned)]; /* '\0'-terminated */
};

/* The compiler checks that the struct fills the object exactly. */
_Static_assert(sizeof(struct message) == MESSAGE_SIZE, "struct message must be MESSAGE_SIZE bytes");

/*
 * message_name_is_valid - 1 if name is a portable name for shm_open(3) and
 * sem_open(3), 0 if not. The rules: a '/' first, then at least one character,
 * no other '/', at most MESSAGE_NAME_MAX characters in all.
 *
 * glibc does not enforce them: it skips any leading '/' and accepts a name
 * without one ("demo" creates /dev/shm/demo), and other systems behave
 * differently. Checking the name yourself is the only portable way.
 * You write it in shm_message.c.
 */
int message_name_is_valid(const char *name);

/* message_sem_name - the name of one of the semaphores: "/demo" and "-ready"
 * give "/demo-ready". buf must have MESSAGE_SEM_NAME_SIZE bytes. */
void message_sem_name(char *buf, const char *name, const char *suffix);

#endif

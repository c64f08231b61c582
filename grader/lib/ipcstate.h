/*
 * ipcstate.h - the System V objects that exist, seen from the grader.
 *
 * Called from a test after sb_enter(), these functions see the test's own IPC
 * namespace: the objects the test and the programs it ran have made, nothing
 * of the host's. Points are decided from this state, not from what a program
 * prints or which calls it made.
 */
#ifndef SHMLAB_IPCSTATE_H
#define SHMLAB_IPCSTATE_H

#include <stddef.h>
#include <sys/types.h>

struct shm_info_row {
    int id;
    key_t key;
    uid_t uid, cuid; /* owner, creator */
    unsigned mode;   /* permission bits, e.g. 0600 */
    size_t size;
    unsigned long nattch;
    int dest; /* marked for removal, still attached */
    pid_t cpid, lpid;
};

struct sem_info_row {
    int id;
    key_t key;
    uid_t uid, cuid;
    unsigned mode;
    int nsems;
};

/* Fill rows[0..max-1] with the segments that exist; return how many (-1 on error). */
int ipc_list_shm(struct shm_info_row *rows, int max);

/* The same for semaphore sets. */
int ipc_list_sem(struct sem_info_row *rows, int max);

/* Find a segment by id; 0 if found (row filled), -1 if it does not exist. */
int ipc_find_shm(int id, struct shm_info_row *row);

/*
 * ipc_shm_mark / ipc_sem_mark - a mark in the kernel's id allocator. In an IPC
 * namespace of its own the kernel (Linux >= 5.1) hands out indexes in order,
 * so ipc_shm_created_since(mark) is the number of segments anyone created
 * after the mark, whether they still exist or not. Each mark costs one
 * creation, which the count already leaves out.
 */
int ipc_shm_mark(void);
int ipc_shm_created_since(int mark);
int ipc_sem_mark(void);
int ipc_sem_created_since(int mark);

/* Give a segment to another owner (as if another user had created it). */
int ipc_chown_shm(int id, uid_t uid, gid_t gid, unsigned mode);

/* Remove every segment and semaphore set; return how many were removed. */
int ipc_remove_all(void);

/*
 * ipc_describe_semaphores - append to buf, for each semaphore set, the value
 * of each semaphore and how many processes wait for it to grow (semncnt) or
 * to be zero (semzcnt): "; set 0: sem 0 = 0, 3 waiting".
 */
void ipc_describe_semaphores(char *buf, size_t size);

/*
 * ipc_leftovers - what is left in the namespace: every segment except the
 * ids in keep[0..nkeep-1], every semaphore set, every /dev/shm object.
 * Returns how many objects are left and describes them in buf, e.g.
 * "2 segments (id 1, key 0x..., 4096 bytes, ...; ...), 1 /dev/shm object (/x, 4096 bytes)".
 */
int ipc_leftovers(const int *keep, int nkeep, char *buf, size_t size);

/*
 * For the fallback without namespaces: an inventory of the host's System V
 * objects and /dev/shm entries, and the removal of what one test made: the
 * segments and semaphore sets that appeared since, owned or created by its
 * uid (or segments created by its process test_pid), and the message queues,
 * POSIX objects (/dev/shm, /dev/mqueue) and /tmp, /var/tmp files its uid
 * owns. Another test's objects, or root's, are never touched. For an
 * ordinary user (uid is the user's own) only segments, sets and /dev/shm
 * entries that appeared since are removed.
 */
struct ipc_inventory;
struct ipc_inventory *ipc_inventory_take(void);
int ipc_inventory_clean(const struct ipc_inventory *before, uid_t uid, pid_t test_pid);
void ipc_inventory_free(struct ipc_inventory *inv);

/*
 * ipc_set_baseline - in the fallback, the host's objects are visible: from
 * now on ipc_leftovers() ignores what is in `before`, and counts only what
 * the test's uid owns and the segments its process `test` created (as root,
 * for its programs). sb_enter() calls it.
 */
void ipc_set_baseline(struct ipc_inventory *before, uid_t uid, pid_t test);

/* Describe the segments in one line for feedback: "key 0x..., 4096 bytes, ...". */
void ipc_describe_shm(const struct shm_info_row *row, char *buf, size_t size);

#endif

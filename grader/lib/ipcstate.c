/*
 * ipcstate.c - see ipcstate.h.
 */
#define _GNU_SOURCE /* SHM_INFO, SHM_STAT, SEM_INFO, SEM_STAT, SHM_DEST */
#include <dirent.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

#include "../po/i18n.h"
#include "ipcstate.h"

/* TRANSLATORS: what separates the items of a list of objects. */
#define SEP _("; ")

#define IPCMNI_MASK 0x7fff /* the index part of an id (ipc/util.h: SEQ_MULTIPLIER) */

union semun {
    int val;
    struct semid_ds *buf;
    unsigned short *array;
    struct seminfo *__buf;
};

static int in_baseline(int shm_id, int sem_id, const char *name, uid_t uid, pid_t cpid);

/* In the fallback the machine's objects are visible: the lists below leave
 * out what is not the test's (ipc_set_baseline()), as a namespace would. */
int ipc_list_shm(struct shm_info_row *rows, int max)
{
    struct shm_info info;
    struct shmid_ds ds;
    int maxidx, idx, n = 0;

    maxidx = shmctl(0, SHM_INFO, (struct shmid_ds *)(void *)&info);
    if (maxidx == -1)
        return -1;
    for (idx = 0; idx <= maxidx && n < max; idx++) {
        int id = shmctl(idx, SHM_STAT, &ds);

        if (id == -1)
            continue;
        rows[n].id = id;
        rows[n].key = ds.shm_perm.__key;
        rows[n].uid = ds.shm_perm.uid;
        rows[n].cuid = ds.shm_perm.cuid;
        rows[n].mode = ds.shm_perm.mode & 0777;
        rows[n].size = ds.shm_segsz;
        rows[n].nattch = ds.shm_nattch;
        rows[n].dest = (ds.shm_perm.mode & SHM_DEST) != 0;
        rows[n].cpid = ds.shm_cpid;
        rows[n].lpid = ds.shm_lpid;
        if (!in_baseline(id, -1, NULL, rows[n].uid, rows[n].cpid))
            n++;
    }
    return n;
}

int ipc_list_sem(struct sem_info_row *rows, int max)
{
    struct seminfo info;
    struct semid_ds ds;
    union semun arg;
    int maxidx, idx, n = 0;

    arg.__buf = &info;
    maxidx = semctl(0, 0, SEM_INFO, arg);
    if (maxidx == -1)
        return -1;
    for (idx = 0; idx <= maxidx && n < max; idx++) {
        int id;

        arg.buf = &ds;
        id = semctl(idx, 0, SEM_STAT, arg);
        if (id == -1)
            continue;
        rows[n].id = id;
        rows[n].key = ds.sem_perm.__key;
        rows[n].uid = ds.sem_perm.uid;
        rows[n].cuid = ds.sem_perm.cuid;
        rows[n].mode = ds.sem_perm.mode & 0777;
        rows[n].nsems = (int)ds.sem_nsems;
        if (!in_baseline(-1, id, NULL, rows[n].uid, 0))
            n++;
    }
    return n;
}

int ipc_find_shm(int id, struct shm_info_row *row)
{
    struct shm_info_row rows[256];
    int i, n = ipc_list_shm(rows, 256);

    for (i = 0; i < n; i++)
        if (rows[i].id == id) {
            *row = rows[i];
            return 0;
        }
    return -1;
}

int ipc_shm_mark(void)
{
    int id = shmget(IPC_PRIVATE, 1, 0600);

    if (id == -1)
        return -1;
    shmctl(id, IPC_RMID, NULL);
    return id & IPCMNI_MASK;
}

int ipc_shm_created_since(int mark)
{
    int now = ipc_shm_mark();

    return (now < 0 || mark < 0) ? -1 : now - mark - 1;
}

int ipc_sem_mark(void)
{
    int id = semget(IPC_PRIVATE, 1, 0600);

    if (id == -1)
        return -1;
    semctl(id, 0, IPC_RMID);
    return id & IPCMNI_MASK;
}

int ipc_sem_created_since(int mark)
{
    int now = ipc_sem_mark();

    return (now < 0 || mark < 0) ? -1 : now - mark - 1;
}

int ipc_chown_shm(int id, uid_t uid, gid_t gid, unsigned mode)
{
    struct shmid_ds ds;

    if (shmctl(id, IPC_STAT, &ds) == -1)
        return -1;
    ds.shm_perm.uid = uid;
    ds.shm_perm.gid = gid;
    ds.shm_perm.mode = (unsigned short)mode;
    return shmctl(id, IPC_SET, &ds);
}

int ipc_remove_all(void)
{
    struct shm_info_row shm[256];
    struct sem_info_row sem[256];
    int i, removed = 0, n;

    n = ipc_list_shm(shm, 256);
    for (i = 0; i < n; i++)
        removed += shmctl(shm[i].id, IPC_RMID, NULL) == 0;
    n = ipc_list_sem(sem, 256);
    for (i = 0; i < n; i++)
        removed += semctl(sem[i].id, 0, IPC_RMID) == 0;
    return removed;
}

void ipc_describe_semaphores(char *buf, size_t size)
{
    struct sem_info_row sets[16];
    int n = ipc_list_sem(sets, 16), i, s;
    size_t len = strlen(buf);

    for (i = 0; i < n; i++)
        for (s = 0; s < sets[i].nsems && s < 8 && len + 80 < size; s++) {
            int val = semctl(sets[i].id, s, GETVAL);
            int ncnt = semctl(sets[i].id, s, GETNCNT);
            int zcnt = semctl(sets[i].id, s, GETZCNT);

            snprintf(buf + len, size - len, "%s", SEP);
            len = strlen(buf);
            snprintf(buf + len, size - len,
                     _("semaphore %d of set %d: value %d, %d waiting for it"), s, sets[i].id, val,
                     ncnt + zcnt);
            len = strlen(buf);
        }
}

void ipc_describe_shm(const struct shm_info_row *row, char *buf, size_t size)
{
    snprintf(buf, size, _("segment id %d, key 0x%08x, %zu bytes, mode %03o, %lu attached%s"),
             row->id, (unsigned)row->key, row->size, row->mode, row->nattch,
             row->dest ? _(", marked for removal") : "");
}

static struct {
    struct ipc_inventory *before; /* NULL: everything in the namespace counts */
    uid_t uid;                    /* the test's programs' */
    pid_t test;                   /* the test's process */
} baseline;

static int known(const int *ids, int n, int id);

/* Append to buf, keeping it terminated. */
static void append(char *buf, size_t size, const char *text)
{
    size_t len = strlen(buf);

    if (len + 1 < size)
        snprintf(buf + len, size - len, "%s", text);
}

/* "; ...": the list goes on, but is not shown. */
static void append_more(char *buf, size_t size)
{
    append(buf, size, SEP);
    append(buf, size, "...");
}

int ipc_leftovers(const int *keep, int nkeep, char *buf, size_t size)
{
    enum { MAX = 4096, SHOWN = 3 };
    struct shm_info_row *shm = calloc(MAX, sizeof *shm);
    struct sem_info_row *sem = calloc(MAX, sizeof *sem);
    int nshm = shm ? ipc_list_shm(shm, MAX) : 0, nsem = sem ? ipc_list_sem(sem, MAX) : 0;
    int i, j, left = 0, shown = 0;
    char item[200];
    DIR *d;
    struct dirent *e;

    buf[0] = '\0';
    for (i = 0; i < nshm; i++) {
        for (j = 0; j < nkeep && keep[j] != shm[i].id; j++)
            ;
        if (j < nkeep || in_baseline(shm[i].id, -1, NULL, shm[i].uid, shm[i].cpid))
            continue;
        if (shown++ < SHOWN) {
            ipc_describe_shm(&shm[i], item, sizeof item);
            append(buf, size, left == 0 ? "" : SEP);
            append(buf, size, item);
        }
        left++;
    }
    if (left > SHOWN)
        append_more(buf, size);
    for (i = 0, shown = 0; i < nsem; i++) {
        if (in_baseline(-1, sem[i].id, NULL, sem[i].uid, 0))
            continue;
        left++;
        if (shown++ < SHOWN) {
            append(buf, size, buf[0] ? SEP : "");
            snprintf(item, sizeof item, _("semaphore set id %d, key 0x%08x, %d semaphores"),
                     sem[i].id, (unsigned)sem[i].key, sem[i].nsems);
            append(buf, size, item);
        }
    }
    if (shown > SHOWN)
        append_more(buf, size);
    if ((d = opendir("/dev/shm")) != NULL) {
        for (shown = 0; (e = readdir(d)) != NULL;) {
            char path[300];
            struct stat st;

            if (e->d_name[0] == '.')
                continue;
            snprintf(path, sizeof path, "/dev/shm/%s", e->d_name);
            if (stat(path, &st) == -1 || in_baseline(-1, -1, e->d_name, st.st_uid, 0))
                continue;
            left++;
            if (shown++ < SHOWN) {
                append(buf, size, buf[0] ? SEP : "");
                snprintf(item, sizeof item, _("/dev/shm/%s, %lld bytes%s"), e->d_name,
                         (long long)st.st_size,
                         strncmp(e->d_name, "sem.", 4) == 0 ? _(" (a named POSIX semaphore)") : "");
                append(buf, size, item);
            } else if (shown == SHOWN + 1) {
                append_more(buf, size);
            }
        }
        closedir(d);
    }
    free(shm);
    free(sem);
    return left;
}

struct ipc_inventory {
    int shm[4096], nshm;
    int sem[4096], nsem;
    char names[512][64];
    int nnames;
};

struct ipc_inventory *ipc_inventory_take(void)
{
    struct ipc_inventory *inv = calloc(1, sizeof *inv);
    struct shm_info_row *shm = calloc(4096, sizeof *shm);
    struct sem_info_row *sem = calloc(4096, sizeof *sem);
    DIR *d;
    struct dirent *e;
    int i;

    if (inv == NULL || shm == NULL || sem == NULL) {
        free(shm);
        free(sem);
        free(inv);
        return NULL;
    }
    inv->nshm = ipc_list_shm(shm, 4096);
    for (i = 0; i < inv->nshm; i++)
        inv->shm[i] = shm[i].id;
    inv->nsem = ipc_list_sem(sem, 4096);
    for (i = 0; i < inv->nsem; i++)
        inv->sem[i] = sem[i].id;
    if ((d = opendir("/dev/shm")) != NULL) {
        while ((e = readdir(d)) != NULL && inv->nnames < 512)
            snprintf(inv->names[inv->nnames++], sizeof inv->names[0], "%s", e->d_name);
        closedir(d);
    }
    free(shm);
    free(sem);
    return inv;
}

static int known(const int *ids, int n, int id)
{
    while (n-- > 0)
        if (ids[n] == id)
            return 1;
    return 0;
}

/* Remove the message queues owned or created by uid. */
static int clean_queues(uid_t uid)
{
    struct msginfo info;
    struct msqid_ds ds;
    int maxidx, idx, removed = 0;

    maxidx = msgctl(0, MSG_INFO, (struct msqid_ds *)(void *)&info);
    for (idx = 0; idx <= maxidx; idx++) {
        int id = msgctl(idx, MSG_STAT, &ds);

        if (id != -1 && (ds.msg_perm.uid == uid || ds.msg_perm.cuid == uid))
            removed += msgctl(id, IPC_RMID, NULL) == 0;
    }
    return removed;
}

/* Remove the entries of a folder (POSIX objects, /tmp files) that uid owns. */
static uid_t tree_uid;
static int tree_removed;

static int remove_owned(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)flag;
    if (ftw->level > 0 && st->st_uid == tree_uid)
        tree_removed += remove(path) == 0;
    return 0;
}

static int clean_tree(const char *dir, uid_t uid)
{
    tree_uid = uid;
    tree_removed = 0;
    nftw(dir, remove_owned, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
    return tree_removed;
}

int ipc_inventory_clean(const struct ipc_inventory *before, uid_t uid, pid_t test_pid)
{
    struct shm_info_row *shm = calloc(4096, sizeof *shm);
    struct sem_info_row *sem = calloc(4096, sizeof *sem);
    int i, n, removed = 0;

    /* Only this test's: owned or created by its uid, or a segment the test
     * process made itself (as root) for its programs. */
    n = shm != NULL ? ipc_list_shm(shm, 4096) : 0;
    for (i = 0; i < n; i++)
        if (!known(before->shm, before->nshm, shm[i].id) &&
            (shm[i].uid == uid || shm[i].cuid == uid || shm[i].cpid == test_pid))
            removed += shmctl(shm[i].id, IPC_RMID, NULL) == 0;
    n = sem != NULL ? ipc_list_sem(sem, 4096) : 0;
    for (i = 0; i < n; i++)
        if (!known(before->sem, before->nsem, sem[i].id) &&
            (sem[i].uid == uid || sem[i].cuid == uid))
            removed += semctl(sem[i].id, 0, IPC_RMID) == 0;
    if (uid != getuid() && uid != 0) {
        /* A uid of this test's own (as root): all it owns is the test's. */
        removed += clean_queues(uid);
        removed += clean_tree("/dev/shm", uid);
        removed += clean_tree("/dev/mqueue", uid);
        removed += clean_tree("/tmp", uid);
        removed += clean_tree("/var/tmp", uid);
    } else {
        /* An ordinary user's programs run as the user: only what is new. */
        DIR *d = opendir("/dev/shm");
        struct dirent *e;
        int j;

        while (d != NULL && (e = readdir(d)) != NULL) {
            char path[300];
            struct stat st;

            for (j = 0; j < before->nnames && strcmp(before->names[j], e->d_name) != 0; j++)
                ;
            snprintf(path, sizeof path, "/dev/shm/%s", e->d_name);
            if (j == before->nnames && lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
                st.st_uid == uid)
                removed += unlink(path) == 0;
        }
        if (d != NULL)
            closedir(d);
    }
    free(shm);
    free(sem);
    return removed;
}

void ipc_inventory_free(struct ipc_inventory *inv)
{
    free(inv);
}

void ipc_set_baseline(struct ipc_inventory *before, uid_t uid, pid_t test)
{
    baseline.before = before;
    baseline.uid = uid;
    baseline.test = test;
}

/* In the fallback: was this object there before the test, or is it someone
 * else's (another test's, the machine's)? Ours are owned by the test's uid,
 * or are segments the test process itself created. */
static int in_baseline(int shm_id, int sem_id, const char *name, uid_t uid, pid_t cpid)
{
    int j;

    if (baseline.before == NULL)
        return 0;
    if (uid != baseline.uid && !(shm_id != -1 && cpid == baseline.test))
        return 1;
    if (shm_id != -1)
        return known(baseline.before->shm, baseline.before->nshm, shm_id);
    if (sem_id != -1)
        return known(baseline.before->sem, baseline.before->nsem, sem_id);
    for (j = 0; j < baseline.before->nnames; j++)
        if (strcmp(baseline.before->names[j], name) == 0)
            return 1;
    return 0;
}

/*
 * state.h - what the files of lab 07's suite share: the programs, the
 * segments every test builds (state.c), and the checks on runs.
 */
#ifndef SUITE07_STATE_H
#define SUITE07_STATE_H

#include <stddef.h>
#include <sys/types.h>

#include "suite.h"

#define LISTER      "shmls"
#define REMOVER     "shmrm"
#define RUN_TIMEOUT 3.0
#define NSEG        6
#define IPCS_CAP    (256 << 10)

enum { KEYED, PRIVATE, FOREIGN, MARKED, READONLY, UNREADABLE };

struct segment {
    /* the plan */
    const char *role; /* for feedback */
    int keyed;        /* has a key (otherwise IPC_PRIVATE) */
    int high_key;     /* the key has its high bit set (a negative key_t) */
    size_t size;
    unsigned mode;
    int foreign; /* owned by root, when the grader runs as root */
    int attach;  /* how many times this test process attaches it */
    int marked;  /* IPC_RMID while attached: "dest" */
    int hidden;  /* mode 000: SHM_STAT fails with EACCES, /proc lists it: may be left out */
    /* what was made */
    int id;
    key_t key;
    /* what `ipcs -m` says about it */
    char key_text[16], owner[64], perms[16], bytes[32], nattch[32];
    int dest;
};

extern struct segment segs[NSEG];
extern int queue;      /* a message queue with segs[KEYED]'s key (isolated only) */
extern int root_owner; /* segs[FOREIGN] is root's: the programs may not remove it */
extern int ids_chosen; /* ids were set through shm_next_id */

/* Make the six segments (and the queue), then read them with ipcs. */
void build_state(void);
/* A fresh key: never 0, high bit as asked. */
key_t fresh_key(int high);
/* One segment, for feedback, as ipcs shows it. */
const char *describe(const struct segment *s, char *buf, size_t size);
/* Run one of the programs in the sandbox, with the lab's time limit. */
void run(const char *program, const char *const *args, struct sb_result *res);
/* Fail unless the run ended on its own with status 0. */
void assert_success(const struct sb_result *res, const char *what);
/* Run a program with a fault injected ("call:ERRNO[:N]", see sandbox.h). */
void run_failing(const char *program, const char *const *args, const char *fail,
                 struct sb_result *res);
/* Was the failure of `call` injected (the program made that call)? */
int injected(const struct sb_result *res, const char *call);
/* Does text hold `word` (case-insensitive) between non-alphanumeric characters? */
int has_word(const char *text, const char *word);
/* After a failed `call` (a "call(" line with "= -1", or an injected
 * failure), did the same process go on with a call starting with `next`?
 * Returns that call, copied into buf, or NULL. */
const char *went_on(const struct sb_result *res, const char *call, const char *next, char *buf,
                    size_t size);
/* Create a segment of the programs' uid in this namespace (key, size, mode). */
int make_segment(key_t key, size_t size, unsigned mode);

extern const struct graded_test listing_tests[], removal_tests[];

#endif

/*
 * lab02.h - what the files of lab 02's suite share: the specification's
 * constants, the key file and the segments the grader makes, finds and
 * reads (segments.c), running the programs and the assertions on a run
 * (harness.c), and each file's table of tests.
 */
#ifndef SUITE_LAB02_H
#define SUITE_LAB02_H

#include <stddef.h>
#include <sys/types.h>

#include "suite.h"

/*
 * The specification (the handout's "what the grader checks"), written here
 * on purpose: the student's shm02.h is compiled into the programs, never
 * into the grader.
 */
#define KEY_FILE     "shm02.key"
#define PROJECT_ID   'P'
#define SEGMENT_MODE 0640
#define SEGMENT_SIZE 128                /* sizeof(struct message) */
#define MESSAGE_MAX  (SEGMENT_SIZE - 1) /* characters, '\0' excluded */

#define PRODUCER "producer"
#define CONSUMER "consumer"

/* ---- segments.c: the key file, the key, the segments --------------------- */

/* The key file's path, in the folder the programs start in. */
const char *key_path(void);

/* Create the key file there, owned by the programs' user, its key free. */
void make_key_file(void);

/* The key both programs must use, computed by the grader itself. */
key_t expected_key(void);

/* Find the segment with this key; 0 if found (row filled), -1 if none. */
int find_key(key_t key, struct shm_info_row *row);

/* The segment the producer made (row filled), or fail the test; res is the
 * producer's run, for the message. */
void producer_segment(struct shm_info_row *row, const struct sb_result *res);

/* Remove what the programs made: every segment in a namespace of our own,
 * only the one with the expected key without namespaces. */
void remove_segments(void);

/* Create a segment with this key, holding text, given to the programs' user
 * with this mode; returns its id. */
int make_segment(key_t key, size_t size, unsigned mode, const char *text);

/* The same with the expected key. */
int grader_segment(size_t size, unsigned mode, const char *text);

/* Copy the first `size` bytes of segment id into buf. */
void read_segment(int id, char *buf, size_t size);

/* ---- harness.c: running the programs, the checks on a run ---------------- */

/* Run program with arg (or NULL), input on standard input (NULL: none) and
 * fail, a call to make fail (NULL: none; see sb_spec.fail). */
void run(const char *program, const char *arg, const char *input, const char *fail,
         struct sb_result *res);

/* The producer, given `message` and a newline on standard input. */
void run_producer(const char *message, const char *fail, struct sb_result *res);

/* A message of exactly n characters, different at each run, in buf (n + 1 bytes). */
void make_message(char *buf, size_t n);

/* Fail unless the program ended normally with status 0; who is "producer"
 * or "consumer", what says when ("after storing the message"). */
void assert_success(const struct sb_result *res, const char *who, const char *what);

/* Fail unless the consumer printed message and exited 0; context follows
 * the message's quote in the failure's text. */
void assert_consumer_printed(const struct sb_result *res, const char *message, const char *context);

/* Fail unless a failure was reported: a message on stderr, a non-zero
 * status, no crash; situation starts the failure's text ("when ..."). */
void assert_reported(const struct sb_result *res, const char *who, const char *situation);

/* Fail unless the programs work in the normal case (for the tests of
 * failures); leaves the key file and no segment. */
void assert_programs_work(void);

/* A mark for the next two, or for ipc_shm_created_since(): -1 without namespaces. */
int creation_mark(void);

/*
 * Fail if a segment was created since *mark (creation_mark()), or one is
 * left but keep (-1: none); *mark is taken anew.
 */
void assert_nothing_created_but(int *mark, int keep, const char *situation);
void assert_nothing_created(int *mark, const char *situation);

/* assert_reported(), then fail if the program called shmat with the id -1
 * (shmget's failure, unchecked, used as a segment). */
void assert_failure_handled(const struct sb_result *res, const char *who, const char *situation);

/* Each file's tests, in the order of the report (main.c gathers them). */
extern const struct graded_test message_tests[], failure_tests[];

#endif

/*
 * main.c - the tests of lab 02 (producer, consumer): the programs'
 * contract, and the suite, which gathers the files' tables in the order of
 * the report: messages.c (the normal case: a message goes through) and
 * failures.c (what goes wrong is reported, nothing is left changed).
 * segments.c makes the key file and the segments the grader needs,
 * harness.c runs the programs and holds the checks the tests share;
 * lab02.h declares what the files share.
 *
 * The programs' contract (the lab's handout, not the reference's header):
 *
 *   - both derive the key ftok("shm02.key", 'P'), the key file being in the
 *     folder they start in; the grader creates it there (or, to test the
 *     error, does not);
 *   - the producer reads one line on standard input, gets the segment of
 *     128 bytes (struct message) with IPC_CREAT and mode 0640, stores the
 *     line without its newline, cut to 127 characters and terminated by
 *     '\0', detaches and exits 0, leaving the segment in place;
 *   - the consumer gets the existing segment (no IPC_CREAT), attaches it
 *     read-only, prints the message and exits 0; with -r it also removes the
 *     segment;
 *   - every failure (no key file, no segment, a smaller segment, no
 *     permission, a failed shmat) ends with a message on standard error and
 *     a non-zero exit status, without a crash or a hang.
 *
 * The constants of lab02.h are that specification, written there on
 * purpose: the student's shm02.h is compiled into the programs, never into
 * the grader.
 * Wording is free: a test looks for the message in the consumer's output,
 * and reads the segment itself to see what the producer stored.
 *
 * The programs run as an unprivileged user, without CAP_IPC_OWNER, so
 * permission bits apply to them: a segment the grader gives to that user
 * with mode 0400 can be attached read-only, not read-write.
 */
#include "suite.h"
#include "lab02.h"

static const struct lab lab = {
    .name = LAB_NAME,
    .programs = LAB_PROGRAMS,
    .parts = (const struct graded_test *const[]){message_tests, failure_tests, NULL},
    .seconds = 0.6, /* the solution, bench/02-speed: the runner starts the longest labs first */
};

LAB_MAIN(lab)

/*
 * protocol.h - what the grader's processes tell each other, in one place.
 *
 * The runner (grade), the builds, the suites, the sandbox's init and the
 * preload library inside student programs are separate processes. They
 * agree on the names below; nothing else crosses between them.
 *
 * Environment of a suite (set by the runner):
 *   SHMLAB_SANDBOX        the sandbox mode the runner chose (see sandbox_mode.h):
 *                         "root", "user" or "fallback"; "off" only for
 *                         measurements (no isolation and no clean-up)
 *   SHMLAB_BIN_DIR        the lab's built programs
 *   SHMLAB_PRELOAD        the preload library
 *   SHMLAB_TIMEOUT_SCALE  multiplies every deadline (slow machines)
 *   SHMLAB_SANITIZE       "0", or the path of libasan for --sanitize builds
 *   SHMLAB_FALLBACK_UID   in the fallback, the uid of the test's programs
 *                         (set by the suite, which cleans up after it)
 *   SHMLAB_TRACE_DIR      for the feedback page's timelines (report_html.c):
 *                         a folder where sb_wait() writes one file per run,
 *                         "<test id>.<n>": "name value" header lines (test,
 *                         program, start, seconds, end, diagnosis, describe),
 *                         a line "--", then the whole trace ('~' lines too)
 *   SHMLAB_TEST_ID        the test's id (set by the suite for each test)
 *   SHMLAB_NO_TRACE       set: programs run untraced, only to measure the
 *                         tracer's cost (bench/17-tracer)
 *
 * Environment of the runner:
 *   SHMLAB_FEEDBACK       where a grading writes its feedback page (default
 *                         build/feedback/index.html, for text gradings)
 *   SHMLAB_PROGNAME       the runner's name as the user typed it (grader/grade)
 *
 * Environment of a student program (set by the sandbox, read by the preload):
 *   SHMLAB_TRACE_FD       where the preload writes its trace (TRACE_FD)
 *   SHMLAB_CONTROL_FD     a file the preload reads once, then closes: the
 *                         fault to inject, the gate, the stops (CONTROL_FD).
 *                         The program never sees these settings: they are
 *                         not in its environment (/proc/self/environ).
 *   SHMLAB_CHILD_OUT_FD   the first child's separate standard output
 *
 * The control file holds "NAME=value" lines: FAIL=call:ERRNO[:N], GATE=parent
 * or GATE=child, RAISE=WHO:CALL:N:SIG[,...] (see preload.c).
 *
 * Trace lines (one per event):
 *   "<pid> <seconds> <call>(<args>) = <result>"
 *   "<pid> <seconds> start"   first line of each program the preload enters
 *   "<pid> <seconds> ~block CALL", "~exit", "~trace truncated": for the
 *                             timeline only; suites never see them
 * Seconds ("%ld.%06ld") come from CLOCK_MONOTONIC, one clock for every
 * process of a run and for the grader.
 *
 * The trace file (TRACE_FD, opened read-write): the preload sizes an empty
 * one to TRACE_MAP_SIZE and maps it shared, so that a line costs no system
 * call and stays in the file even if its process is killed the next
 * instant. Its first TRACE_CAP bytes hold the lines, in the order they were
 * written; then comes a struct trace_tail, shared by every process of the
 * run (the place of the next line). In the lines, NUL bytes are room never
 * written (a process killed before it wrote the line it had reserved) and a
 * line starting with TRACE_RETRACTED was taken back (a "~block" line before
 * a call that did not wait after all). trace_file_finish() (trace_file.h)
 * makes of it the plain text above. A file that cannot be mapped (a pipe, a
 * file opened write-only, one that is not empty) gets one write() per line.
 *
 * Uids (as root: programs and compilers never run as root):
 *   BUILD_UID             the compiler
 *   SANDBOX_UID_BASE ...  each test's programs get a uid of their own,
 *   + SANDBOX_UID_COUNT   from the test's process id, so that in the
 *                         fallback each test cleans up only what its own
 *                         uid created
 */
#ifndef SHMLAB_PROTOCOL_H
#define SHMLAB_PROTOCOL_H

#define ENV_SANDBOX       "SHMLAB_SANDBOX"
#define ENV_BIN_DIR       "SHMLAB_BIN_DIR"
#define ENV_PRELOAD       "SHMLAB_PRELOAD"
#define ENV_TIMEOUT_SCALE "SHMLAB_TIMEOUT_SCALE"
#define ENV_SANITIZE      "SHMLAB_SANITIZE"
#define ENV_TRACE_FD      "SHMLAB_TRACE_FD"
#define ENV_CONTROL_FD    "SHMLAB_CONTROL_FD"
#define ENV_CHILD_OUT_FD  "SHMLAB_CHILD_OUT_FD"
#define ENV_TRACE_DIR     "SHMLAB_TRACE_DIR"
#define ENV_TEST_ID       "SHMLAB_TEST_ID"
#define ENV_NO_TRACE      "SHMLAB_NO_TRACE"
#define TRACE_FILE_CAP    (5L << 20) /* bytes of trace copied into a run's file */

/* The mapped trace file (see above). */
#define TRACE_CAP       (4L << 20)            /* bytes of lines, all processes together */
#define TRACE_MAP_SIZE  (TRACE_CAP + 4096)    /* the lines, then the tail */
#define TRACE_MAGIC     0x3165636172746d73ULL /* "smtrace1", in the tail once mapped */
#define TRACE_RETRACTED '\001'                /* first byte of a line taken back */
struct trace_tail {
    unsigned long long magic; /* TRACE_MAGIC */
    unsigned long long used;  /* bytes of lines reserved so far (may pass TRACE_CAP) */
};

/* The file descriptors a program starts with, beyond 0, 1 and 2. */
#define TRACE_FD     3
#define CHILD_OUT_FD 4
#define CONTROL_FD   5

#define BUILD_UID         59999
#define SANDBOX_UID_BASE  60000
#define SANDBOX_UID_COUNT 5000

#endif

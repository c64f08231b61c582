/*
 * trace_file.h - the preload's trace file made plain text again.
 */
#ifndef SHMLAB_TRACE_FILE_H
#define SHMLAB_TRACE_FILE_H

/*
 * A trace file the preload mapped (protocol.h: TRACE_MAP_SIZE bytes, its
 * tail marked TRACE_MAGIC) becomes its lines alone, in order: room never
 * written, lines left half written and lines taken back are dropped, and
 * the file is cut to what is left. Another file is left as it is. Call it
 * once every process that could write to the file has ended. 0, or -1
 * (errno set) if the file could not be read or rewritten.
 */
int trace_file_finish(const char *path);

#endif

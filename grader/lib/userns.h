/*
 * userns.h - the two small steps every namespace of the grader starts with.
 *
 * write_proc_file() writes one short text into a /proc (or /sys) file, as
 * the kernel wants it: in one write(2). enter_user_namespace() moves the
 * calling process into a new user namespace (user_namespaces(7)) where
 * inside_uid/inside_gid stand for outside_uid/outside_gid of the parent
 * namespace, and nobody else exists; setgroups is denied first, as an
 * unprivileged process must before writing gid_map.
 * Both return 0, or -1 with errno set.
 */
#ifndef SHMLAB_USERNS_H
#define SHMLAB_USERNS_H

#include <sys/types.h>

int write_proc_file(const char *path, const char *text);
int enter_user_namespace(uid_t inside_uid, uid_t outside_uid, gid_t inside_gid, gid_t outside_gid);

#endif

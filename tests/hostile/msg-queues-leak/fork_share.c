/* Hostile (issue 12, finding 3): message queues, System V and POSIX, were
 * never cleaned up in the fallback. Creates 50 of each and leaves them, then
 * ends without doing the lab. The grader must see and report them, and
 * remove them: nothing may be left on the host. */
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <unistd.h>

int main(void)
{
    char name[64];
    mqd_t q;
    int i;

    for (i = 0; i < 50; i++) {
        msgget(IPC_PRIVATE, IPC_CREAT | 0600);
        snprintf(name, sizeof name, "/hostile-msg-queues-leak-%d-%d", (int)getpid(), i);
        if ((q = mq_open(name, O_CREAT | O_RDWR, 0600, NULL)) != (mqd_t)-1)
            mq_close(q);
    }
    return 0;
}

/* Hostile (issue 12, finding 5): System V message queues hold their
 * messages in kernel memory, msgmnb bytes a queue, msgmni queues (with the
 * host's limits, 32000 x 16 KiB = 500 MiB a run). Creates queues until
 * refused and fills each until it is full, then ends without doing the lab.
 * The IPC namespace's own limits must bound it: the grading's peak memory
 * stays within its EXPECT. */
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>

struct message {
    long type;
    char text[4096];
};

int main(void)
{
    static struct message m = {.type = 1};
    int id, q;

    memset(m.text, 'x', sizeof m.text);
    for (q = 0; q < 100000; q++) {
        if ((id = msgget(IPC_PRIVATE, IPC_CREAT | 0600)) == -1)
            break;
        while (msgsnd(id, &m, sizeof m.text, IPC_NOWAIT) == 0)
            continue;
    }
    return 0;
}

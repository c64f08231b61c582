/* Hostile: a program whose own globals carry the call tracer's internal
 * names (grader/preload/preload.h), with values that would change what the
 * tracer does if they took the place of its own: a trace descriptor on the
 * program's stderr, "already forked" (no child output apart), a gate, a
 * fault to inject, functions that do nothing. The tracer's shared names are
 * hidden, so the program is graded as the correct program it otherwise is:
 * full marks (tests/unit/tracer.c checks that those names are hidden). A
 * helper file of the lab: mk/lab.mk links it in. */
int trace_fd = 2;
char *trace_map;
int forked = 1;
char gate_mode[16] = "parent";
int gate_release_fd = 1;
char fail_call[32] = "shmget";
int fail_errno = 12;
int child_number = 1;
int not_parent = 1;
int nraises = 4;

void trace(const char *format, ...)
{
    (void)format;
}

int inject(const char *call)
{
    (void)call;
    return 1;
}

void count_success(const char *call)
{
    (void)call;
}

void release_gate(void)
{
}

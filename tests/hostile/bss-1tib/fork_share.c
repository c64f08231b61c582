/* Hostile (issue 12, finding 9): a 1 TiB zero-filled array (.bss) is
 * mapped when the program starts; under the address-space limit the kernel
 * cannot load it and the process dies before main. The grader reported a
 * segmentation fault; it must say the program went over the address-space
 * limit. */
#include <stdio.h>

#define TIB (1ULL << 40)

static char big[TIB];

int main(void)
{
    char *volatile p = big; /* through a pointer: no relocation beyond 2 GiB */

    p[TIB - 1] = 1;
    printf("%d\n", p[0]);
    return 0;
}

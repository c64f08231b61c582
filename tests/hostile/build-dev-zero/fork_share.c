/* Hostile (issue 12, finding 4): the preprocessor reads /dev/zero as a
 * header: an endless file of NUL bytes, which the compiler keeps in memory
 * (200-500 MB/s, with no bound but the build's time limit). The compiler
 * must hit its memory wall within seconds, and the feedback must say that
 * the build ran out of memory. */
#include "/dev/zero"

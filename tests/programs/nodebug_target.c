/* cflags: -O1 */
/* Built without -g: a function whose arguments no DWARF describes. */
#include <stdio.h>

__attribute__((noipa)) long nd_add(long a, long b) {
    return a + b;
}

int main(void) {
    printf("%ld\n", nd_add(1, 2));
    return 0;
}

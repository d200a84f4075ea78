/* cflags: -O0 -g -fno-omit-frame-pointer */
/* A known call chain for the stack tests: main calls sonde_outer, which
 * calls sonde_middle, which calls sonde_inner, N times (N = argv[1], default
 * 1); then sonde_done(), then it sleeps argv[2] milliseconds (default 0) so
 * that its mappings are still there when a script prints what it recorded.
 * Frame pointers and -O0 keep every frame (user stacks are walked through
 * frame pointers) and keep the calls from being inlined. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

long sonde_counter = 42;

__attribute__((noinline)) long sonde_inner(long x) {
    return x * 2 + sonde_counter;
}

__attribute__((noinline)) long sonde_middle(long x) {
    return sonde_inner(x + 1) + 1;
}

__attribute__((noinline)) long sonde_outer(long x) {
    return sonde_middle(x + 1) + 1;
}

__attribute__((noinline)) void sonde_done(long total) {
    printf("%ld\n", total);
    fflush(stdout);
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 1;
    int ms = argc > 2 ? atoi(argv[2]) : 0;
    long total = 0;
    for (int i = 0; i < n; i++)
        total += sonde_outer(i);
    sonde_done(total);
    usleep(ms * 1000);
    return 0;
}

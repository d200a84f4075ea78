/* cflags: -O0 -g -fno-omit-frame-pointer */
/* A function called from three call sites a known number of times each,
 * for counting stacks over many events: sonde_site_a calls sonde_leaf
 * 50,000 times, sonde_site_b 30,000 times, sonde_site_c 20,000 times (one
 * loop each, so every call from a site has the same stack); then
 * sonde_done(), then it sleeps argv[1] milliseconds (default 0) so that its
 * mappings are still there when the stacks are printed. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

long sonde_sum;

__attribute__((noinline)) void sonde_leaf(long x) {
    sonde_sum += x;
}

__attribute__((noinline)) void sonde_site_a(void) {
    for (long i = 0; i < 50000; i++)
        sonde_leaf(i);
}

__attribute__((noinline)) void sonde_site_b(void) {
    for (long i = 0; i < 30000; i++)
        sonde_leaf(i);
}

__attribute__((noinline)) void sonde_site_c(void) {
    for (long i = 0; i < 20000; i++)
        sonde_leaf(i);
}

__attribute__((noinline)) void sonde_done(long total) {
    printf("%ld\n", total);
    fflush(stdout);
}

int main(int argc, char **argv) {
    int ms = argc > 1 ? atoi(argv[1]) : 0;
    sonde_site_a();
    sonde_site_b();
    sonde_site_c();
    sonde_done(sonde_sum);
    usleep(ms * 1000);
    return 0;
}

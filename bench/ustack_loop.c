/* The workload of bench/ustack_cost.py: waits for a line on stdin (so that
 * a tracer can attach to its pid first: bpftrace's dw_ustack needs -p),
 * then calls bench_leaf N times (default 20,000) through a chain of four
 * frame-pointer functions, and exits. */
#include <stdio.h>
#include <stdlib.h>

long bench_sum;

__attribute__((noinline)) void bench_leaf(long x) { bench_sum += x; }
__attribute__((noinline)) void bench_c(long x) { bench_leaf(x + 1); }
__attribute__((noinline)) void bench_b(long x) { bench_c(x + 1); }
__attribute__((noinline)) void bench_a(long x) { bench_b(x + 1); }

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 20000;
    char line[16];
    if (!fgets(line, sizeof line, stdin))
        return 1;
    for (long i = 0; i < n; i++)
        bench_a(i);
    printf("%ld\n", bench_sum);
    return 0;
}

/* N getppid() calls (default one million), timed: the workload of
 * bench/output_storm.py. With a second argument R, R rounds of N calls, and
 * the fastest round's ns per call is printed (the least disturbed by other
 * work on the machine). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 1000000;
    long rounds = argc > 2 ? atol(argv[2]) : 1;
    double best = -1;
    for (long r = 0; r < rounds; r++) {
        struct timespec a, b;
        clock_gettime(CLOCK_MONOTONIC, &a);
        for (long i = 0; i < n; i++)
            getppid();
        clock_gettime(CLOCK_MONOTONIC, &b);
        double ns = ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / n;
        if (best < 0 || ns < best)
            best = ns;
    }
    printf("%.1f\n", best);
    return 0;
}

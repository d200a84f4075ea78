/* A program of known calls for the uprobe tests: sonde_add(i, 10 * i) for
 * i = 1..N (N = argv[1], default 3), then sonde_greet("hello uprobe"), then
 * sonde_many(1, ..., 6, 70, 80): its last two arguments go on the stack. */
#include <stdio.h>
#include <stdlib.h>

__attribute__((noipa)) long sonde_add(long a, long b) {
    return a + b;
}

__attribute__((noipa)) const char *sonde_greet(const char *s) {
    return s;
}

__attribute__((noipa)) long sonde_many(long a, long b, long c, long d, long e, long f,
                                       long g, long h) {
    return a + b + c + d + e + f + g + h;
}

int main(int argc, char **argv) {
    static const char greeting[] = "hello uprobe";
    /* Fault the string's page in: a probe cannot fault, and reads nothing
     * from a page the program has not touched yet. */
    const volatile char *touch = greeting;
    (void)touch[0];
    int n = argc > 1 ? atoi(argv[1]) : 3;
    long total = 0;
    for (int i = 1; i <= n; i++)
        total += sonde_add(i, 10 * i);
    printf("%ld %s\n", total, sonde_greet(greeting));
    printf("%ld\n", sonde_many(1, 2, 3, 4, 5, 6, 70, 80));
    return 0;
}

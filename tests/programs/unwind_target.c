/* cflags: -O2 -g -fomit-frame-pointer */
/* A call chain of depth 5 through a shared library, without frame pointers
 * (-O2 -fomit-frame-pointer), for the CFI-unwound ustack tests: main ->
 * unwind_1 -> unwind_2 -> unwind_lib_3 -> unwind_lib_4 -> unwind_lib_5, the
 * last three in unwind_lib (next to this binary, opened with dlopen: the
 * test programs are built one by one). It runs the chain argv[1] times
 * (default 1), sleeping argv[2] milliseconds after each run but the last
 * and argv[3] after the last, then exits. */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static long (*lib_3)(long);
volatile long unwind_total;

__attribute__((noinline)) long unwind_2(long x) {
    long r = lib_3(x + 1);
    unwind_total = r;
    return r + 1;
}

__attribute__((noinline)) long unwind_1(long x) {
    long r = unwind_2(x + 1);
    unwind_total = r;
    return r + 1;
}

int main(int argc, char **argv) {
    char path[4096];
    const char *slash = strrchr(argv[0], '/');
    int dir = slash ? (int)(slash - argv[0]) : 1;
    snprintf(path, sizeof path, "%.*s/unwind_lib", dir, slash ? argv[0] : ".");
    void *lib = dlopen(path, RTLD_NOW);
    if (!lib || !(lib_3 = (long (*)(long))dlsym(lib, "unwind_lib_3"))) {
        fprintf(stderr, "unwind_target: %s\n", dlerror());
        return 1;
    }
    int runs = argc > 1 ? atoi(argv[1]) : 1;
    int between = argc > 2 ? atoi(argv[2]) : 0;
    int after = argc > 3 ? atoi(argv[3]) : 0;
    for (int i = 0; i < runs; i++) {
        printf("%ld\n", unwind_1(i));
        fflush(stdout);
        usleep((i + 1 < runs ? between : after) * 1000);
    }
    return 0;
}

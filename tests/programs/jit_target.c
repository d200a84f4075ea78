/* cflags: -O0 -g -fno-omit-frame-pointer */
/* A stand-in for a JIT (node, LuaJIT): main copies a function into an
 * anonymous executable page, names it in /tmp/perf-PID.map as a JIT does
 * for perf, and calls it; the jitted code keeps the frame-pointer chain and
 * calls sonde_jit_callee (the uprobe's function), so a ustack there is
 * sonde_jit_callee, the jitted code, main. It sleeps argv[1] milliseconds
 * (default 0) after the call, then removes the map and exits. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

volatile long sonde_jit_total;

__attribute__((noinline)) long sonde_jit_callee(void) {
    sonde_jit_total += 1;
    return sonde_jit_total;
}

int main(int argc, char **argv) {
    /* push rbp; mov rbp, rsp; movabs rax, IMM64; call rax; pop rbp; ret */
    unsigned char code[] = {0x55, 0x48, 0x89, 0xe5, 0x48, 0xb8, 0, 0, 0, 0,
                            0,    0,    0,    0,    0xff, 0xd0, 0x5d, 0xc3};
    uint64_t callee = (uint64_t)(uintptr_t)&sonde_jit_callee;
    memcpy(code + 6, &callee, sizeof callee);
    unsigned char *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED) {
        perror("jit_target: mmap");
        return 1;
    }
    memcpy(page, code, sizeof code);
    char path[64];
    snprintf(path, sizeof path, "/tmp/perf-%d.map", (int)getpid());
    FILE *map = fopen(path, "w");
    if (!map) {
        perror("jit_target: perf map");
        return 1;
    }
    fprintf(map, "%lx %zx JIT:sonde_jitted_function\n", (unsigned long)(uintptr_t)page,
            sizeof code);
    fclose(map);
    long (*jitted)(void) = (long (*)(void))(void *)page;
    printf("%ld\n", jitted());
    fflush(stdout);
    usleep((argc > 1 ? atoi(argv[1]) : 0) * 1000);
    unlink(path);
    return 0;
}

/* A program with USDT probes of known arguments for the usdt tests.
 * usdt_target N [wait]: for i = 1..N fires
 *   sonde:loop(i, -1000 * i, (short)i, "loop label")  arguments in registers
 *   sonde:memory(100 * i)                             its argument in memory
 *   sonde:constants(42, -7)                           constants
 *   node:http__server__request(.., "/index.html", ..) as node's probe (lesson 15)
 *   sonde:guarded(i)                                  only while its semaphore is set
 * With "signal" it first waits (up to 30 s) for SIGUSR1, so that a tracer
 * started afterwards with -p can attach before the probes fire. */
#define _SDT_HAS_SEMAPHORES 1
#include <sys/sdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <time.h>

/* With _SDT_HAS_SEMAPHORES every probe names a semaphore; the kernel counts
 * attached probes in them. */
#define SEMAPHORE(name) volatile unsigned short name##_semaphore __attribute__((section(".probes")))
SEMAPHORE(sonde_loop);
SEMAPHORE(sonde_memory);
SEMAPHORE(sonde_constants);
SEMAPHORE(node_http__server__request);
SEMAPHORE(sonde_guarded);

int main(int argc, char **argv) {
    static const char url[] = "/index.html";
    static const char label[] = "loop label";
    /* Fault the strings' pages in: a probe cannot fault. */
    const volatile char *touch = url;
    (void)touch[0];
    touch = label;
    (void)touch[0];
    int n = argc > 1 ? atoi(argv[1]) : 3;
    if (argc > 2 && strcmp(argv[2], "signal") == 0) {
        sigset_t usr1;
        sigemptyset(&usr1);
        sigaddset(&usr1, SIGUSR1);
        sigprocmask(SIG_BLOCK, &usr1, NULL);
        struct timespec limit = {.tv_sec = 30};
        if (sigtimedwait(&usr1, NULL, &limit) != SIGUSR1) {
            fprintf(stderr, "usdt_target: no SIGUSR1 within 30 s\n");
            return 1;
        }
    }
    for (int i = 1; i <= n; i++) {
        volatile long in_memory = 100L * i;
        DTRACE_PROBE4(sonde, loop, i, -1000L * i, (short)i, label);
        DTRACE_PROBE1(sonde, memory, in_memory);
        DTRACE_PROBE2(sonde, constants, 42, -7);
        DTRACE_PROBE7(node, http__server__request, 0L, 0L, "127.0.0.1", 8080, "GET", url, 3);
        if (sonde_guarded_semaphore)
            DTRACE_PROBE1(sonde, guarded, i);
    }
    printf("fired %d\n", n);
    return 0;
}

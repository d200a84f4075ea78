/* A program that starts one thread at sonde_thread_main, for threadsnoop,
 * and stays alive half a second so that its symbols can still be read when
 * the event is printed. */
/* cflags: -O1 -g -pthread */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

__attribute__((noipa)) void *sonde_thread_main(void *arg) {
    return arg;
}

int main(void) {
    pthread_t t;
    if (pthread_create(&t, NULL, sonde_thread_main, NULL) != 0)
        return 1;
    pthread_join(t, NULL);
    usleep(500000);
    return 0;
}

/* A program with a known array of structs in memory, for script-defined
 * structs read by a uprobe: sonde_visit(&points[0], 3) is called once, the
 * points linked in a list through `next`, after a delay of argv[1]
 * milliseconds (default 0) so that a probe can attach first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct point {
    int x;
    int y;
    char name[8];
    struct point *next;
    short weights[3];
    long id;
};

__attribute__((noipa)) long sonde_visit(struct point *p, int n) {
    long total = 0;
    for (int i = 0; i < n; i++)
        total += p[i].x + p[i].y;
    return total;
}

int main(int argc, char **argv) {
    static struct point points[3];
    for (int i = 0; i < 3; i++) {
        points[i].x = 10 * (i + 1);
        points[i].y = -(i + 1);
        snprintf(points[i].name, sizeof points[i].name, "pt%d", i);
        points[i].next = i < 2 ? &points[i + 1] : NULL;
        for (int w = 0; w < 3; w++)
            points[i].weights[w] = (short)(100 * i + w);
        points[i].id = 1000000000000L + i;
    }
    int delay = argc > 1 ? atoi(argv[1]) : 0;
    if (delay > 0)
        usleep(delay * 1000);
    printf("%ld\n", sonde_visit(points, 3));
    return 0;
}

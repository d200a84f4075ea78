/* Functions whose arguments DWARF describes, for the uprobe args tests: a
 * struct returned in memory (the caller passes its address first, in
 * %rdi), a signed enum and narrow integers, a pointer to the program's own
 * struct (which the kernel's BTF does not describe), a double before an
 * integer. */
#include <stdio.h>

struct big {
    long a, b, c;
};
enum level { LOW = -1, HIGH = 1 };
struct point {
    int x, y;
};

__attribute__((noipa)) struct big dw_big(long x, long y) {
    struct big r = {x, y, x + y};
    return r;
}

__attribute__((noipa)) int dw_level(enum level l, short s, unsigned char u) {
    return l + s + u;
}

__attribute__((noipa)) int dw_point(struct point *p, int k) {
    return p->x + k;
}

/* d goes in %xmm0, so n is in %rdi. */
__attribute__((noipa)) double dw_mixed(double d, long n) {
    return d * n;
}

int main(void) {
    struct big b = dw_big(4, 5);
    struct point p = {7, 8};
    int level = dw_level(LOW, -2, 200);
    int x = dw_point(&p, 1);
    double m = dw_mixed(1.5, 6);
    printf("%ld %d %d %g\n", b.c, level, x, m);
    return 0;
}

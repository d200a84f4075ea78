/* C++ for the uprobe tests: functions in a namespace and a member
 * function, whose symbols are mangled and whose DWARF definitions point
 * to their declarations. */
#include <cstdio>

namespace sonde {
__attribute__((noipa)) long add(long a, int b) { return a + b; }
}

/* A reference is passed as the address it refers to. */
__attribute__((noipa)) long by_ref(const long &r, int k) { return r + k; }

struct Counter {
    long base;
    __attribute__((noipa)) long plus(int k) { return base + k; }
};

int main() {
    Counter c{5};
    long sum = sonde::add(1, 2);
    long total = c.plus(3);
    long seven = 7;
    long ref = by_ref(seven, 2);
    std::printf("%ld %ld %ld\n", sum, total, ref);
    return 0;
}

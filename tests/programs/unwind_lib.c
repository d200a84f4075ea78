/* cflags: -O2 -g -fomit-frame-pointer -fPIC -shared */
/* The library half of unwind_target's call chain (built as a shared object
 * without frame pointers, -O2): unwind_lib_3 -> unwind_lib_4 ->
 * unwind_lib_5, with unwind_lib_inline inlined into unwind_lib_4 (the call
 * to unwind_lib_5 is in its body, so that return address has an inlined
 * frame). Each adds after its call, so no call becomes a jump. The line
 * numbers are checked by tests/cases/srcline.case. */
volatile long unwind_sink;

__attribute__((noinline)) long unwind_lib_5(long x) {
    unwind_sink = x;
    return x * 3 + unwind_sink;
}

static inline __attribute__((always_inline)) long unwind_lib_inline(long x) {
    long r = unwind_lib_5(x + 1);
    unwind_sink = r;
    return r + 2;
}

__attribute__((noinline)) long unwind_lib_4(long x) {
    long r = unwind_lib_inline(x + 1);
    unwind_sink = r;
    return r + 1;
}

__attribute__((noinline)) long unwind_lib_3(long x) {
    long r = unwind_lib_4(x + 1);
    unwind_sink = r;
    return r + 1;
}

#!/usr/bin/env python3
"""Writes small raw BTF files (the format of /sys/kernel/btf/vmlinux) for the
btf fuzz target's seeds: one of every kind the compiler reads, with the
names it asks for (task_struct, __bpf_trace_sched_switch, bpf_iter__task),
and the loops a corrupt file can hold (a pointer, an array and an anonymous
member that lead back to themselves). Usage: btf.py DIR"""
import struct
import sys

INT, PTR, ARRAY, STRUCT, UNION, ENUM, FWD, TYPEDEF, VOLATILE, CONST, RESTRICT, \
    FUNC, FUNC_PROTO, VAR, DATASEC, FLOAT, DECL_TAG, TYPE_TAG, ENUM64 = range(1, 20)


class Btf:
    def __init__(self):
        self.strings = b"\0"
        self.types = b""
        self.count = 0

    def name(self, text):
        if not text:
            return 0
        at = len(self.strings)
        self.strings += text.encode() + b"\0"
        return at

    def add(self, kind, name="", vlen=0, size_or_type=0, flag=0, extra=b""):
        info = (flag << 31) | (kind << 24) | vlen
        self.types += struct.pack("<III", self.name(name), info, size_or_type) + extra
        self.count += 1
        return self.count

    def int(self, name, size, signed):
        return self.add(INT, name, 0, size, 0, struct.pack("<I", (int(signed) << 24) | size * 8))

    def members(self, pairs):
        return b"".join(struct.pack("<III", self.name(n), t, off) for n, t, off in pairs)

    def bytes(self):
        header = struct.pack("<HBBIIIII", 0xEB9F, 1, 0, 24, 0, len(self.types),
                             len(self.types), len(self.strings))
        return header + self.types + self.strings


def rich():
    b = Btf()
    i32 = b.int("int", 4, True)                      # 1
    char = b.int("char", 1, True)                    # 2
    u64 = b.int("long long unsigned int", 8, False)  # 3
    task = 4
    b.add(STRUCT, "task_struct", 5, 48, 1, b.members([
        ("pid", i32, 0), ("comm", 6, 32), ("", 7, 64), ("real_parent", 5, 128),
        ("flags", i32 | 0, (3 << 24) | 256)]))      # 4 (kind_flag: bit fields)
    b.add(PTR, "", 0, task)                          # 5
    b.add(ARRAY, "", 0, 0, 0, struct.pack("<III", char, i32, 16))  # 6
    b.add(UNION, "", 2, 8, 0, b.members([("state", i32, 0), ("raw", u64, 0)]))  # 7
    b.add(TYPEDEF, "u32", 0, i32)                    # 8
    b.add(CONST, "", 0, 8)                           # 9
    b.add(VOLATILE, "", 0, 9)                        # 10
    b.add(ENUM, "tcp_state", 2, 4, 0, struct.pack("<IiIi", b.name("TCP_ESTABLISHED"), 1,
                                                   b.name("TCP_SYN_SENT"), 2))  # 11
    b.add(ENUM64, "big", 1, 8, 1, struct.pack("<III", b.name("BIG"), 0xFFFFFFFF, 0x7FFFFFFF))  # 12
    b.add(FUNC_PROTO, "", 3, i32, 0, struct.pack("<IIIIII", b.name("__data"), 0,
                                                 b.name("prev"), 5, b.name("next"), 5))  # 13
    b.add(FUNC, "__bpf_trace_sched_switch", 1, 13)   # 14
    b.add(PTR, "", 0, 13)                            # 15
    b.add(TYPEDEF, "btf_trace_sched_switch", 0, 15)  # 16
    b.add(STRUCT, "bpf_iter__task", 1, 8, 0, b.members([("task", 5, 0)]))  # 17
    b.add(FUNC, "vfs_read", 1, 13)                   # 18
    b.add(FLOAT, "double", 0, 8)                     # 19
    b.add(RESTRICT, "", 0, 5)                        # 20
    b.add(TYPE_TAG, "user", 0, 20)                   # 21
    b.add(FWD, "file", 0, 0)                         # 22
    b.add(DECL_TAG, "tag", 0, 4, 0, struct.pack("<i", -1))  # 23
    return b.bytes()


def loops():
    b = Btf()
    b.add(PTR, "", 0, 1)                              # 1: a pointer to itself
    b.add(ARRAY, "", 0, 0, 0, struct.pack("<III", 2, 2, 4))  # 2: an array of itself
    b.add(STRUCT, "task_struct", 2, 8, 0, b.members([("", 3, 0), ("pid", 1, 0)]))  # 3
    b.add(TYPEDEF, "u32", 0, 5)                       # 4
    b.add(TYPEDEF, "u64", 0, 4)                       # 5: typedefs in a ring
    b.add(FUNC_PROTO, "", 1, 1, 0, struct.pack("<II", b.name("x"), 2))  # 6
    b.add(FUNC, "__bpf_trace_loop", 0, 6)             # 7
    b.add(TYPEDEF, "btf_trace_loop", 0, 1)            # 8
    b.add(UNION, "u", 1, 4, 0, b.members([("", 9, 0)]))  # 9: an anonymous union of itself
    return b.bytes()


if __name__ == "__main__":
    out = sys.argv[1]
    with open(f"{out}/rich.btf", "wb") as f:
        f.write(rich())
    with open(f"{out}/loops.btf", "wb") as f:
        f.write(loops())

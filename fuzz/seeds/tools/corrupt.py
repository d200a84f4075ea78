#!/usr/bin/env python3
"""Writes a corrupted copy of a 64-bit little-endian ELF file, for the fuzz
seeds: corrupt.py IN OUT EDIT..., each EDIT one of
  trunc:N              keep the first N bytes
  size:SECTION:V       the section's sh_size becomes V
  offset:SECTION:V     the section's sh_offset becomes V
  chsize:SECTION:V     a compressed section's ch_size (uncompressed size) becomes V
  notesize:V           the first .note.stapsdt note's descsz becomes V
  shnum:V              e_shnum becomes V
  flip:SEED:N          N bits flipped at places drawn from SEED"""
import random
import struct
import sys


def sections(data):
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    names_at = struct.unpack_from("<Q", data, shoff + shstrndx * shentsize + 0x18)[0]
    for i in range(shnum):
        header = shoff + i * shentsize
        name_off, = struct.unpack_from("<I", data, header)
        end = data.index(b"\0", names_at + name_off)
        yield data[names_at + name_off:end].decode(), header


def header_of(data, name):
    for found, header in sections(data):
        if found == name:
            return header
    sys.exit(f"no section {name}")


def main():
    source, out, *edits = sys.argv[1:]
    data = bytearray(open(source, "rb").read())
    for edit in edits:
        op, *args = edit.split(":")
        if op == "trunc":
            data = data[:int(args[0], 0)]
        elif op == "size":
            struct.pack_into("<Q", data, header_of(data, args[0]) + 0x20, int(args[1], 0))
        elif op == "offset":
            struct.pack_into("<Q", data, header_of(data, args[0]) + 0x18, int(args[1], 0))
        elif op == "chsize":
            at, = struct.unpack_from("<Q", data, header_of(data, args[0]) + 0x18)
            struct.pack_into("<Q", data, at + 8, int(args[1], 0))
        elif op == "notesize":
            at, = struct.unpack_from("<Q", data, header_of(data, ".note.stapsdt") + 0x18)
            struct.pack_into("<I", data, at + 4, int(args[0], 0))
        elif op == "shnum":
            struct.pack_into("<H", data, 0x3C, int(args[0], 0))
        elif op == "flip":
            draw = random.Random(int(args[0]))
            for _ in range(int(args[1])):
                bit = draw.randrange(len(data) * 8)
                data[bit // 8] ^= 1 << (bit % 8)
        else:
            sys.exit(f"unknown edit {edit}")
    open(out, "wb").write(data)


main()

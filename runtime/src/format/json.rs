//! `-f json`: bpftrace's NDJSON output, one object a line.

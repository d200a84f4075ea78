//! Histogram rows (hist and lhist), as bpftrace prints them.

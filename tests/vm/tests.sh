# The tests that run inside the VM (tests/vm/run boots it; /init sources
# this file and calls run_tests). Each test is a shell function t_NAME run in
# a subshell: it returns normally to pass and calls fail REASON to fail.
# After every test, whatever its result, nothing of Sonde may be left: no
# kprobe_events entry, no registered kprobe, no ftrace/trampoline user, no
# BPF program or map beyond those there at boot, no sonde process.
#
# Workloads are vmload subcommands (tests/vm/vmload.c); its comm is "vmload".
# /tmp/data10000 is 10000 bytes, so `vmload read /tmp/data10000 4096 5`
# makes exactly 4 vfs_read calls asking 4096 bytes each (16384 in all) and
# getting 4096, 4096, 1808 and 0 (10000 in all).
#
# Busybox ash: no bash-isms.

VMTESTS="boot_facts tracefs_automount kprobe_exact kretprobe_retval kprobe_args \
kprobe_openat2 kprobe_str_user_pointer kprobe_wildcard kprobe_offset kprobe_vmlinux_and_module \
fentry_fexit_args kprobes_as_fentry btf_struct_access task_switch \
tutorial_01_hello_world tutorial_03_hello_fields tutorial_04_sync_timing \
tutorial_05_sync_count tutorial_06_disksnoop tutorial_07_hello_perf_output \
tutorial_09_bitehist tutorial_10_disklatency tutorial_11_vfsreadlat \
tutorial_16_task_switch detach_on_signals attach_failure_cleanup"

# Tests that fail because of a known bug in Sonde or in a shipped script,
# each with its bug in a comment here. They still run; their failure is
# reported as "VMTEST xfail NAME: reason" and does not fail the run, but a
# pass does (take the test off this list then), and so does anything left
# behind.
#   (none)
KNOWN_FAILURES=""

OUT=/tmp/sonde.out
ERR=/tmp/sonde.err
READ4="vmload read /tmp/data10000 4096 5"

# ---------------------------------------------------------------- helpers

# report LINE: a result line, on the console (ttyS0, in the log with the
# kernel's messages) and alone on the second serial port (ttyS1), which
# tests/vm/run reads, so that no kernel message can split it.
report() {
	echo "$*"
	echo "$*" >/dev/ttyS1
}

fail() {
	echo "$*" >/tmp/reason
	exit 1
}

# sonde_run ARGS...: sonde with a time limit; stdout in $OUT, stderr in $ERR,
# exit status in $RC.
sonde_run() {
	echo "\$ sonde $*" >/tmp/last_command
	timeout -s INT 120 sonde "$@" >$OUT 2>$ERR
	RC=$?
}

expect_rc() {
	[ "$RC" = "$1" ] || fail "sonde exited with $RC, expected $1"
}

# expect_line FILE LINE: FILE has LINE, whole.
expect_line() {
	grep -qxF -- "$2" "$1" || fail "$(basename "$1") lacks the line '$2'"
}

# expect_count FILE REGEX N: exactly N lines of FILE match REGEX (grep -E).
expect_count() {
	n=$(grep -cE -- "$2" "$1")
	[ "$n" = "$3" ] || fail "$(basename "$1") has $n lines matching '$2', expected $3"
}

# expect_same FILE: FILE is exactly what stdin holds.
expect_same() {
	cat >/tmp/expected
	diff /tmp/expected "$1" >/tmp/diff || fail "$(basename "$1") differs: $(cat /tmp/diff)"
}

# wait_attached: until $ERR says "Attached" (a sonde in the background).
wait_attached() {
	i=0
	while ! grep -q '^Attached' $ERR; do
		i=$((i + 1))
		[ $i -lt 600 ] || fail "sonde did not attach within 60 s"
		sleep 0.1
	done
}

kprobe_list() { cat /sys/kernel/debug/kprobes/list; }
ftrace_users() { cat /sys/kernel/tracing/enabled_functions; }

ensure_mounts() {
	grep -q ' /sys/kernel/debug debugfs ' /proc/mounts ||
		mount -t debugfs debugfs /sys/kernel/debug
	[ -d /sys/kernel/tracing/events ] ||
		mount -t tracefs tracefs /sys/kernel/tracing
}

# What of Sonde is still there; empty when nothing is.
leftovers() {
	ensure_mounts
	k=$(cat /sys/kernel/tracing/kprobe_events)
	[ -z "$k" ] || echo "kprobe_events: $k;"
	[ "$(kprobe_list)" = "$BASE_KPROBES" ] || echo "registered kprobes: $(kprobe_list);"
	[ "$(ftrace_users)" = "$BASE_FTRACE" ] || echo "enabled_functions: $(ftrace_users);"
	p=$(vmload progs)
	echo "$p" | grep -q ' sonde_' && echo "programs: $(echo "$p" | grep ' sonde_' | tr '\n' ' ');"
	[ "$(echo "$p" | grep -c .)" = "$BASE_PROGS" ] ||
		echo "program count $(echo "$p" | grep -c .) (at boot $BASE_PROGS): $(echo "$p" | tr '\n' ' ');"
	m=$(vmload maps)
	[ "$(echo "$m" | grep -c .)" = "$BASE_MAPS" ] ||
		echo "map count $(echo "$m" | grep -c .) (at boot $BASE_MAPS): $(echo "$m" | tr '\n' ' ');"
	pidof sonde >/dev/null && echo "a sonde process: $(pidof sonde);"
}

# Freeing programs and maps is asynchronous in the kernel: allow 3 s.
check_leftovers() {
	i=0
	while [ $i -lt 30 ]; do
		left=$(leftovers)
		[ -z "$left" ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "$left"
	return 1
}

show() {
	[ -s "$1" ] || return 0
	echo "---- $2"
	sed 's/^/| /' "$1"
}

# The last sonde command of a test that failed, and what it printed.
show_last() {
	show /tmp/last_command "last command"
	show $OUT "its stdout"
	show $ERR "its stderr"
}

run_tests() {
	dd if=/dev/zero of=/tmp/data10000 bs=10000 count=1 2>/dev/null
	ensure_mounts
	BASE_KPROBES=$(kprobe_list)
	BASE_FTRACE=$(ftrace_users)
	BASE_PROGS=$(vmload progs | grep -c .)
	BASE_MAPS=$(vmload maps | grep -c .)
	report "VMTEST plan $*"
	passed=0
	failed=0
	xfailed=0
	for t in "$@"; do
		rm -f /tmp/reason /tmp/last_command /tmp/notes $OUT $ERR
		t0=$(cut -d' ' -f1 /proc/uptime)
		(t_$t)
		rc=$?
		reason=$(cat /tmp/reason 2>/dev/null)
		[ $rc = 0 ] || [ -n "$reason" ] || reason="exited with $rc"
		left=$(check_leftovers) || left="left behind: $left"
		t1=$(cut -d' ' -f1 /proc/uptime)
		took=$(echo "$t0 $t1" | awk '{ printf "%.1f", $2 - $1 }')
		[ -s /tmp/notes ] && while read -r note; do report "VMTEST note $t: $note"; done </tmp/notes
		case " $KNOWN_FAILURES " in
		*" $t "*)
			if [ -z "$reason" ]; then
				reason="passes, but is listed in KNOWN_FAILURES: take it off the list"
			elif [ -z "$left" ]; then
				show_last
				report "VMTEST xfail $t: $reason ($took s)"
				xfailed=$((xfailed + 1))
				continue
			fi
			;;
		esac
		reason="$reason${reason:+${left:+; }}$left"
		if [ -z "$reason" ]; then
			passed=$((passed + 1))
			report "VMTEST ok $t ($took s)"
		else
			failed=$((failed + 1))
			show_last
			report "VMTEST FAIL $t: $reason"
		fi
	done
	report "VMTEST summary: $passed passed, $failed failed, $xfailed known failures"
}

# ---------------------------------------------------------------- tests

# The kernel is the one the tests need, and the host's binary runs here.
t_boot_facts() {
	[ -e /sys/bus/event_source/devices/kprobe/type ] || fail "no kprobe PMU"
	[ -e /sys/kernel/btf/vmlinux ] || fail "no kernel BTF"
	sonde_run --version
	expect_rc 0
	grep -q '^sonde ' $OUT || fail "sonde --version printed no version"
}

# As on a fresh machine, tracefs is not mounted: Sonde mounts it.
t_tracefs_automount() {
	umount /sys/kernel/debug/tracing 2>/dev/null
	umount /sys/kernel/debug 2>/dev/null
	umount /sys/kernel/tracing 2>/dev/null
	grep -q ' tracefs ' /proc/mounts && fail "tracefs is still mounted before the test"
	sonde_run -c 'vmload sync 1' -e 'tracepoint:syscalls:sys_enter_sync { @t = count(); }
		kprobe:__x64_sys_sync { @k = count(); }'
	expect_rc 0
	expect_line $OUT '@t: 1'
	expect_line $OUT '@k: 1'
	grep -q '^tracefs /sys/kernel/tracing tracefs ' /proc/mounts ||
		fail "tracefs is not mounted at /sys/kernel/tracing after sonde ran"
}

# A kprobe's count and arg2 (vfs_read's count), exact; and while it is
# attached the kernel lists it (so the leftover check would see one left).
t_kprobe_exact() {
	sonde_run -c "sh -c '$READ4; cat /sys/kernel/debug/kprobes/list >/tmp/klist'" \
		-e 'kprobe:vfs_read /comm == "vmload"/ { @calls = count(); @asked = sum(arg2); }'
	expect_rc 0
	expect_line $OUT '@calls: 4'
	expect_line $OUT '@asked: 16384'
	expect_line $ERR 'Attached 1 probe'
	grep -q 'vfs_read' /tmp/klist || fail "while attached, kprobes/list had no vfs_read: $(cat /tmp/klist)"
}

# retval of a kretprobe: byte counts, a negative errno, and func.
t_kretprobe_retval() {
	sonde_run -c "$READ4" -e 'kretprobe:vfs_read /comm == "vmload"/ { @calls = count(); @got = sum(retval); }'
	expect_rc 0
	expect_line $OUT '@calls: 4'
	expect_line $OUT '@got: 10000'
	# read(2) of a directory: vfs_read returns -EISDIR.
	sonde_run -c 'vmload read /tmp 100 2' -e 'kretprobe:vfs_read /comm == "vmload"/ { printf("%d %s\n", retval, func); }'
	expect_rc 0
	expect_count $OUT '^-21 vfs_read$' 2
}

# arg0..arg5 of a six-argument function: mmap(NULL, 8192, PROT_READ,
# MAP_PRIVATE, fd, 4096) reaches ksys_mmap_pgoff(0, 8192, 1, 2, fd, 1).
t_kprobe_args() {
	sonde_run -c 'vmload mmap /tmp/data10000 8192 1' -e 'kprobe:ksys_mmap_pgoff /comm == "vmload"/ {
		printf("%s %d %d %d %d %d %d\n", func, arg0, arg1, arg2, arg3, arg4, arg5); }'
	expect_rc 0
	fd=$(sed -n 's/^fd=//p' $OUT)
	[ -n "$fd" ] || fail "vmload printed no fd"
	expect_line $OUT "ksys_mmap_pgoff 0 8192 1 2 $fd 1"
	expect_count $OUT '^ksys_mmap_pgoff ' 1
}

# do_sys_openat2(dfd, filename, how): dfd is AT_FDCWD through an int32
# cast, and the kretprobe gives the fd or the errno of each open.
t_kprobe_openat2() {
	sonde_run -c 'vmload open /tmp/data10000 /nonexistent/file /tmp' -e '
		kprobe:do_sys_openat2 /comm == "vmload"/ { printf("open %d\n", (int32)arg0); }
		kretprobe:do_sys_openat2 /comm == "vmload"/ { printf("ret %d\n", retval); }'
	expect_rc 0
	expect_same $OUT <<-EOF
		open -100
		ret 3
		open -100
		ret -2
		open -100
		ret 3


	EOF
}

# str(arg1) of do_sys_openat2 is the file name, a user-space pointer (as in
# bpftrace's `kprobe:do_sys_open { printf("%s\n", str(arg1)); }`). (Sonde
# read it with bpf_probe_read_kernel_str, and got "", until 0d2151c.)
t_kprobe_str_user_pointer() {
	sonde_run -c 'vmload open /tmp/data10000 /nonexistent/file' -e '
		kprobe:do_sys_openat2 /comm == "vmload"/ { printf("[%s]\n", str(arg1)); }'
	expect_rc 0
	expect_line $OUT '[/tmp/data10000]'
	expect_line $OUT '[/nonexistent/file]'
}

# kprobe:vfs_rea* attaches to every match; vmload calls vfs_read 4 times
# and vfs_readlink once (static glibc reads /proc/self/exe at start). -l lists.
t_kprobe_wildcard() {
	sonde_run -c "$READ4" -e 'kprobe:vfs_rea* /comm == "vmload"/ { @[func] = count(); }'
	expect_rc 0
	expect_same $OUT <<-EOF


		@[vfs_readlink]: 1
		@[vfs_read]: 4
	EOF
	n=$(sed -n 's/^Attached \([0-9]*\) probes$/\1/p' $ERR)
	[ -n "$n" ] && [ "$n" -ge 2 ] || fail "expected several probes attached: $(cat $ERR)"
	echo "kprobe:vfs_rea* attached $n probes" >>/tmp/notes
	sonde_run -l 'kprobe:vfs_rea*'
	expect_rc 0
	expect_line $OUT 'kprobe:vfs_read'
	expect_line $OUT 'kprobe:vfs_readv'
}

# kprobe:FUNC+OFFSET: +5 is the instruction after the 5-byte fentry call
# that starts every traceable function of this kernel (no IBT), so it fires
# on every call; +1 is inside that call, which the kernel refuses.
t_kprobe_offset() {
	sonde_run -c "$READ4" -e 'kprobe:vfs_read+5 /comm == "vmload"/ { @[probe] = count(); @asked = sum(arg2); }'
	expect_rc 0
	expect_line $OUT '@[kprobe:vfs_read+5]: 4'
	expect_line $OUT '@asked: 16384'
	sonde_run -c "$READ4" -e 'kprobe:vfs_read+1 { @ = count(); }'
	[ "$RC" != 0 ] || fail "kprobe:vfs_read+1 (inside an instruction) attached"
	grep -q . $ERR || fail "kprobe:vfs_read+1 failed without a message"
	echo "kprobe:vfs_read+1 says: $(head -1 $ERR)" >>/tmp/notes
}

# kprobe:vmlinux:FUNC, and kprobe:MODULE:FUNC in a loaded module: 8 direct
# reads of the virtio disk are 8 requests queued by virtio_blk.
t_kprobe_vmlinux_and_module() {
	sonde_run -c "$READ4" -e 'kprobe:vmlinux:vfs_read /comm == "vmload"/ { @calls = count(); }'
	expect_rc 0
	expect_line $OUT '@calls: 4'
	[ -b /dev/vda ] || fail "no /dev/vda (virtio_blk not loaded?)"
	sonde_run -c 'vmload dread /dev/vda 4096 8' -e 'kprobe:virtio_blk:virtio_queue_rq { @[func] = count(); }'
	expect_rc 0
	expect_line $OUT '@[virtio_queue_rq]: 8'
}

# fentry/fexit with arguments named from BTF, and retval in fexit.
t_fentry_fexit_args() {
	sonde_run -c "$READ4" -e '
		fentry:vfs_read /comm == "vmload"/ { @calls = count(); @asked = sum(args.count); }
		fexit:vfs_read /comm == "vmload"/ { @got = sum(retval); @[args.count, retval] = count(); }'
	expect_rc 0
	expect_line $OUT '@calls: 4'
	expect_line $OUT '@asked: 16384'
	expect_line $OUT '@got: 10000'
	expect_line $OUT '@[4096, 4096]: 2'
	expect_line $OUT '@[4096, 1808]: 1'
	expect_line $OUT '@[4096, 0]: 1'
	sonde_run -c 'vmload read /tmp 100 1' -e 'fexit:vfs_read /comm == "vmload"/ { printf("%d %d\n", args.count, retval); }'
	expect_rc 0
	expect_line $OUT '100 -21'
	sonde_run -lv 'fentry:vfs_read'
	expect_rc 0
	grep -q 'count' $OUT || fail "-lv fentry:vfs_read does not name the count argument"
}

# SONDE_NO_KPROBES=1: kprobes run as fentry, kretprobes as fexit, with the
# same results: no kprobe is registered meanwhile, a BPF trampoline is. The
# same for arg0..arg5 (from the fentry context) and for wildcards. (A kprobe
# with an offset stays a kprobe: fentry has no offsets.)
t_kprobes_as_fentry() {
	msg='kprobes are not available on this kernel: kprobes run as fentry, kretprobes as fexit (those with an offset stay kprobes)'
	SONDE_NO_KPROBES=1 sonde_run -c "sh -c '$READ4; cat /sys/kernel/debug/kprobes/list >/tmp/klist;
		cat /sys/kernel/tracing/enabled_functions >/tmp/ftrace'" -e '
		kprobe:vfs_read /comm == "vmload"/ { @calls = count(); @asked = sum(arg2); }
		kretprobe:vfs_read /comm == "vmload"/ { @got = sum(retval); }'
	expect_rc 0
	expect_line $ERR "$msg"
	expect_line $OUT '@calls: 4'
	expect_line $OUT '@asked: 16384'
	expect_line $OUT '@got: 10000'
	[ "$(cat /tmp/klist)" = "$BASE_KPROBES" ] || fail "kprobes registered: $(cat /tmp/klist)"
	grep -q '^vfs_read .*tramp' /tmp/ftrace || fail "no trampoline on vfs_read: $(cat /tmp/ftrace)"
	SONDE_NO_KPROBES=1 sonde_run -c 'vmload mmap /tmp/data10000 8192 1' -e '
		kprobe:ksys_mmap_pgoff /comm == "vmload"/ {
		printf("%s %d %d %d %d %d %d\n", func, arg0, arg1, arg2, arg3, arg4, arg5); }'
	expect_rc 0
	expect_line $ERR "$msg"
	fd=$(sed -n 's/^fd=//p' $OUT)
	expect_line $OUT "ksys_mmap_pgoff 0 8192 1 2 $fd 1"
	SONDE_NO_KPROBES=1 sonde_run -c "$READ4" -e 'kprobe:vfs_rea* /comm == "vmload"/ { @[func] = count(); }'
	expect_rc 0
	expect_line $ERR "$msg"
	expect_line $OUT '@[vfs_read]: 4'
	expect_line $OUT '@[vfs_readlink]: 1'
}

# Kernel structs through BTF in kprobes: curtask, casts of arguments, chains.
t_btf_struct_access() {
	sonde_run -c 'vmload read /tmp/data10000 4096 1' -e 'kprobe:vfs_read /comm == "vmload"/ {
		printf("%d %d %s %s\n", ((struct task_struct *)curtask)->pid, tid, curtask->comm,
		    curtask->real_parent->comm);
		printf("%s\n", str(((struct file *)arg0)->f_path.dentry->d_name.name)); }'
	expect_rc 0
	grep -qE '^([0-9]+) \1 vmload sonde$' $OUT || fail "curtask pid/comm/real_parent wrong"
	expect_line $OUT 'data10000'
}

# Lesson 16 in its kprobe form: finish_task_switch(prev), keyed by prev's
# pid and the pid switched to. vmload sleeps 5 times: at least 5 switches
# away from it and 5 back to it. This kernel's compiler renamed the function
# finish_task_switch.isra.0, and kprobe:finish_task_switch does not match
# it (Sonde says no kernel function matches): the kallsyms name is used.
t_task_switch() {
	fn=$(awk '$3 == "finish_task_switch" || $3 ~ /^finish_task_switch\./ { print $3; exit }' /proc/kallsyms)
	[ -n "$fn" ] || fail "no finish_task_switch in kallsyms"
	echo "finish_task_switch is $fn in kallsyms" >>/tmp/notes
	sonde_run -c 'vmload sleep 5 20' -e "kprobe:$fn { @[((struct task_struct *)arg0)->pid, pid] = count(); }"
	expect_rc 0
	p=$(sed -n 's/^pid=//p' $OUT)
	[ -n "$p" ] || fail "vmload printed no pid"
	from=$(sed -n "s/^@\[$p, [0-9]*\]: //p" $OUT | awk '{ s += $1 } END { print s + 0 }')
	to=$(sed -n "s/^@\[[0-9]*, $p\]: //p" $OUT | awk '{ s += $1 } END { print s + 0 }')
	[ "$from" -ge 5 ] && [ "$to" -ge 5 ] || fail "switches from vmload $from, to it $to (expected >= 5 each)"
}

# The tutorial's kprobe scripts, run for real. Lesson 1 has no filter: the
# 3 forks of vmload, and clone3 calls of Sonde's own threads.
t_tutorial_01_hello_world() {
	sonde_run -c 'vmload fork 3' /scripts/tutorial/01_hello_world.kprobe.bt
	expect_rc 0
	expect_line $ERR 'Attached 2 probes'
	n=$(grep -cx 'Hello, World!' $OUT)
	[ "$n" -ge 3 ] || fail "$n lines 'Hello, World!', expected at least 3"
}

t_tutorial_03_hello_fields() {
	sonde_run -c 'vmload fork 2' /scripts/tutorial/03_hello_fields.kprobe.bt
	expect_rc 0
	expect_line $OUT 'TIME(s)            COMM             PID    MESSAGE'
	expect_count $OUT '^ *[0-9]+\.[0-9]{9} vmload +[0-9]+ +Hello, World!$' 2
}

t_tutorial_04_sync_timing() {
	sonde_run -c 'vmload sync 3' /scripts/tutorial/04_sync_timing.kprobe.bt
	expect_rc 0
	expect_line $OUT "Tracing for quick sync's... Ctrl-C to end"
	expect_count $OUT '^At time [0-9]+\.[0-9]{2} s: multiple syncs detected, last [0-9]+ ms ago$' 2
}

# 3 syncs: the second and third are quick, and the count is kept.
t_tutorial_05_sync_count() {
	sonde_run -c 'vmload sync 3' /scripts/tutorial/05_sync_count.kprobe.bt
	expect_rc 0
	expect_line $OUT "Tracing for quick sync's... Ctrl-C to end"
	expect_count $OUT '^At time [0-9]+\.[0-9]{2} s: multiple syncs detected, last [0-9]+ ms ago, 2 syncs so far$' 1
	expect_count $OUT '^At time [0-9]+\.[0-9]{2} s: multiple syncs detected, last [0-9]+ ms ago, 3 syncs so far$' 1
	expect_line $OUT '3 syncs in all'
}

# BCC's disksnoop on blk_mq_start_request/blk_mq_end_request, struct
# request through BTF: 8 direct 4096-byte reads of the disk, 8 lines R 4096
# (nothing else does I/O on it).
t_tutorial_06_disksnoop() {
	sonde_run -c 'vmload dread /dev/vda 4096 8' /scripts/tutorial/06_disksnoop.kprobe.bt
	expect_rc 0
	expect_line $OUT 'TIME(s)            T  BYTES    LAT(ms)'
	expect_count $OUT '^ *[0-9]+\.[0-9]{9} R  4096 +[0-9]+\.[0-9]{2}$' 8
	expect_count $OUT '^ *[0-9]+\.[0-9]{9} ' 8
}

# 3 forks (clone; Sonde's own threads use clone3): times from the first.
t_tutorial_07_hello_perf_output() {
	sonde_run -c 'vmload fork 3' /scripts/tutorial/07_hello_perf_output.kprobe.bt
	expect_rc 0
	expect_line $OUT 'TIME(s)            COMM             PID    MESSAGE'
	expect_count $OUT '^ *[0-9]+\.[0-9]{9} vmload +[0-9]+ +Hello, perf_output!$' 3
	expect_count $OUT '^ +0\.000000000 vmload ' 1
}

# blk_mq_end_request on the same 8 reads: 4 KiB each, in the [4, 8)
# bucket of both histograms.
t_tutorial_09_bitehist() {
	sonde_run -c 'vmload dread /dev/vda 4096 8' /scripts/tutorial/09_bitehist.kprobe.bt
	expect_rc 0
	expect_line $OUT 'Tracing block I/O... Hit Ctrl-C to end.'
	expect_line $OUT '@kbytes:'
	expect_line $OUT '@kbytes_linear:'
	expect_count $OUT '^\[4, 8\) +8 \|@+\|$' 2
}

# Latency of the same 8 requests: the histogram counts 8.
t_tutorial_10_disklatency() {
	sonde_run -c 'vmload dread /dev/vda 4096 8' /scripts/tutorial/10_disklatency.kprobe.bt
	expect_rc 0
	expect_line $OUT 'Tracing block I/O latency... Hit Ctrl-C to end.'
	n=$(sed -n 's/^\[[^]]*[])] *\([0-9][0-9]*\) .*/\1/p' $OUT | awk '{ s += $1 } END { print s + 0 }')
	[ "$n" = 8 ] || fail "the histogram counts $n requests, expected 8"
}

# 50 reads of 100 bytes (then a 1.5 s sleep, so that the one-second interval
# prints): the histogram counts at least those 50 vfs_read calls.
t_tutorial_11_vfsreadlat() {
	sonde_run -c 'vmload read /tmp/data10000 100 50 1500' /scripts/tutorial/11_vfsreadlat.kprobe.bt
	expect_rc 0
	expect_line $OUT 'Tracing vfs_read() latency... Hit Ctrl-C to end.'
	expect_line $OUT '@usecs:'
	n=$(sed -n 's/^\[[^]]*[])] *\([0-9][0-9]*\) .*/\1/p' $OUT | awk '{ s += $1 } END { print s + 0 }')
	[ "$n" -ge 50 ] || fail "the histogram counts $n reads, expected at least 50"
}

# Lesson 16 as shipped (kprobe:finish_task_switch*, which matches the
# .isra.0 name): vmload sleeps 5 times, so at least 5 switches from it and
# 5 to it.
t_tutorial_16_task_switch() {
	sonde_run -c 'vmload sleep 5 20' /scripts/tutorial/16_task_switch.kprobe.bt
	expect_rc 0
	p=$(sed -n 's/^pid=//p' $OUT)
	[ -n "$p" ] || fail "vmload printed no pid"
	from=$(sed -n "s/^task_switch\[$p->[0-9]*\]=//p" $OUT | awk '{ s += $1 } END { print s + 0 }')
	to=$(sed -n "s/^task_switch\[[0-9]*->$p\]=//p" $OUT | awk '{ s += $1 } END { print s + 0 }')
	[ "$from" -ge 5 ] && [ "$to" -ge 5 ] || fail "switches from vmload $from, to it $to (expected >= 5 each)"
}

# kprobe, kretprobe, fentry and fexit attached in the background, seen
# registered, then SIGINT (maps printed, exit 0), SIGTERM and SIGKILL: the
# leftover check after the test sees whether anything stayed.
t_detach_on_signals() {
	for sig in INT TERM KILL; do
		echo "\$ sonde -e ... & kill -$sig" >/tmp/last_command
		sonde -e 'kprobe:vfs_read { @k = count(); } kretprobe:vfs_read { @r = count(); }
			fentry:vfs_write { @f = count(); } fexit:vfs_write { @x = count(); }' >$OUT 2>$ERR &
		spid=$!
		wait_attached
		vmload read /tmp/data10000 100 3
		kprobe_list | grep -q 'vfs_read' || fail "($sig) no kprobe on vfs_read registered: $(kprobe_list)"
		ftrace_users | grep -q 'vfs_write' || fail "($sig) no trampoline on vfs_write: $(ftrace_users)"
		vmload progs | grep -q ' sonde_' || fail "($sig) no sonde_ program loaded"
		kill -$sig $spid
		wait $spid
		RC=$?
		case $sig in
		KILL) expect_rc 137 ;;
		*)
			expect_rc 0
			grep -qE '^@k: [0-9]+$' $OUT || fail "($sig) no @k printed at exit"
			;;
		esac
		left=$(check_leftovers) || fail "($sig) left behind: $left"
	done
}

# A script whose second kprobe cannot attach (a function on the kernel's
# kprobe blacklist) fails with a message, and detaches the first.
t_attach_failure_cleanup() {
	bl=$(awk '{ print $2 }' /sys/kernel/debug/kprobes/blacklist | grep -xE 'do_int3|exc_int3|kprobe_int3_handler' | head -1)
	[ -n "$bl" ] || bl=$(awk '$2 ~ /^[a-z_0-9]+$/ { print $2; exit }' /sys/kernel/debug/kprobes/blacklist)
	grep -qE " [tT] $bl\$" /proc/kallsyms || fail "blacklisted $bl is not in kallsyms"
	echo "blacklisted function used: $bl" >>/tmp/notes
	sonde_run -e "kprobe:vfs_read { @a = count(); } kprobe:$bl { @b = count(); }"
	[ "$RC" != 0 ] || fail "a kprobe on blacklisted $bl attached"
	grep -q . $ERR || fail "failed without a message"
	echo "says: $(head -1 $ERR)" >>/tmp/notes
}

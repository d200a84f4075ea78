/*
 * vmload: the known workloads of the VM tests (tests/vm/tests.sh), one
 * subcommand each, built static on the host so the initramfs needs no libc
 * for it. Its comm is "vmload", which the tests' predicates filter on. It
 * makes exactly the system calls its subcommand names and no others that
 * the tests count: a static binary opens and reads no file at start (static
 * glibc only calls readlink on /proc/self/exe, hence one vfs_readlink).
 *
 *   vmload read FILE SIZE COUNT [SLEEP_MS]  COUNT read(2)s of SIZE bytes (or
 *                                           until EOF), then sleep
 *   vmload open PATH...                     open(2) (openat) each path
 *   vmload mmap FILE LEN PGOFF              print "fd=N", mmap it PROT_READ/MAP_PRIVATE
 *   vmload dread DEV SIZE COUNT             COUNT O_DIRECT reads of SIZE at 0, SIZE, ...
 *   vmload fork COUNT                       fork(2) COUNT children that exit at once
 *   vmload sync COUNT                       sync(2) COUNT times
 *   vmload sleep COUNT MS                   print "pid=N", sleep MS COUNT times
 *   vmload progs                            print the name of every loaded BPF program
 *   vmload maps                             print the name of every BPF map
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void die(const char *what)
{
	fprintf(stderr, "vmload: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static int bpf(int cmd, union bpf_attr *attr)
{
	return syscall(SYS_bpf, cmd, attr, sizeof(*attr));
}

/* Every loaded BPF program (or map) by name, one a line. */
static int list_objects(int maps)
{
	uint32_t id = 0;
	for (;;) {
		union bpf_attr attr;
		memset(&attr, 0, sizeof(attr));
		attr.start_id = id;
		if (bpf(maps ? BPF_MAP_GET_NEXT_ID : BPF_PROG_GET_NEXT_ID, &attr) != 0) {
			if (errno == ENOENT)
				return 0;
			die("get next id");
		}
		id = attr.next_id;
		memset(&attr, 0, sizeof(attr));
		if (maps)
			attr.map_id = id;
		else
			attr.prog_id = id;
		int fd = bpf(maps ? BPF_MAP_GET_FD_BY_ID : BPF_PROG_GET_FD_BY_ID, &attr);
		if (fd < 0) {
			if (errno == ENOENT)
				continue; /* gone meanwhile */
			die("get fd by id");
		}
		char name[BPF_OBJ_NAME_LEN + 1] = "";
		if (maps) {
			struct bpf_map_info info;
			memset(&info, 0, sizeof(info));
			memset(&attr, 0, sizeof(attr));
			attr.info.bpf_fd = fd;
			attr.info.info_len = sizeof(info);
			attr.info.info = (uintptr_t)&info;
			if (bpf(BPF_OBJ_GET_INFO_BY_FD, &attr) != 0)
				die("map info");
			memcpy(name, info.name, BPF_OBJ_NAME_LEN);
		} else {
			struct bpf_prog_info info;
			memset(&info, 0, sizeof(info));
			memset(&attr, 0, sizeof(attr));
			attr.info.bpf_fd = fd;
			attr.info.info_len = sizeof(info);
			attr.info.info = (uintptr_t)&info;
			if (bpf(BPF_OBJ_GET_INFO_BY_FD, &attr) != 0)
				die("prog info");
			memcpy(name, info.name, BPF_OBJ_NAME_LEN);
		}
		printf("%u %s\n", id, name);
		close(fd);
	}
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: see tests/vm/vmload.c\n");
		return 2;
	}
	const char *cmd = argv[1];
	if (!strcmp(cmd, "read") && argc >= 5) {
		long size = atol(argv[3]), count = atol(argv[4]);
		char *buf = malloc(size);
		int fd = open(argv[2], O_RDONLY);
		if (fd < 0 || !buf)
			die(argv[2]);
		for (long i = 0; i < count; i++) {
			ssize_t n = read(fd, buf, size);
			if (n == 0)
				break;
			if (n < 0 && errno != EISDIR)
				die("read");
		}
		if (argc >= 6)
			sleep_ms(atol(argv[5]));
		return 0;
	}
	if (!strcmp(cmd, "open")) {
		for (int i = 2; i < argc; i++) {
			int fd = open(argv[i], O_RDONLY);
			if (fd >= 0)
				close(fd);
		}
		return 0;
	}
	if (!strcmp(cmd, "mmap") && argc >= 5) {
		int fd = open(argv[2], O_RDONLY);
		if (fd < 0)
			die(argv[2]);
		printf("fd=%d\n", fd);
		fflush(stdout);
		void *p = mmap(NULL, atol(argv[3]), PROT_READ, MAP_PRIVATE, fd,
			       atol(argv[4]) * sysconf(_SC_PAGESIZE));
		if (p == MAP_FAILED)
			die("mmap");
		return 0;
	}
	if (!strcmp(cmd, "dread") && argc >= 5) {
		long size = atol(argv[3]), count = atol(argv[4]);
		void *buf;
		if (posix_memalign(&buf, 4096, size))
			die("posix_memalign");
		int fd = open(argv[2], O_RDONLY | O_DIRECT);
		if (fd < 0)
			die(argv[2]);
		for (long i = 0; i < count; i++)
			if (pread(fd, buf, size, i * size) != size)
				die("pread");
		return 0;
	}
	if (!strcmp(cmd, "fork") && argc >= 3) {
		for (long i = atol(argv[2]); i > 0; i--) {
			pid_t child = fork();
			if (child < 0)
				die("fork");
			if (child == 0)
				_exit(0);
			waitpid(child, NULL, 0);
		}
		return 0;
	}
	if (!strcmp(cmd, "sync") && argc >= 3) {
		for (long i = atol(argv[2]); i > 0; i--)
			sync();
		return 0;
	}
	if (!strcmp(cmd, "sleep") && argc >= 4) {
		printf("pid=%d\n", getpid());
		fflush(stdout);
		for (long i = atol(argv[2]); i > 0; i--)
			sleep_ms(atol(argv[3]));
		return 0;
	}
	if (!strcmp(cmd, "progs"))
		return list_objects(0);
	if (!strcmp(cmd, "maps"))
		return list_objects(1);
	fprintf(stderr, "vmload: unknown or incomplete command %s\n", cmd);
	return 2;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * devtry: the device tests' probe, run inside a container. Each argument
 * is one attempt; one line each, "OP PATH: OK" or "OP PATH: ENAME", so the
 * test can tell the device program (EPERM) from nodev (EACCES).
 *
 *   open:r:PATH  open:w:PATH  open:rw:PATH
 *   mknod:c:MAJ:MIN:PATH  mknod:b:MAJ:MIN:PATH
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

static const char *ename(int e)
{
	switch (e) {
	case 0: return "OK";
	case EPERM: return "EPERM";
	case EACCES: return "EACCES";
	case ENOENT: return "ENOENT";
	case ENXIO: return "ENXIO";
	case ENODEV: return "ENODEV";
	case EEXIST: return "EEXIST";
	case EROFS: return "EROFS";
	case EINVAL: return "EINVAL";
	}
	return strerror(e);
}

static int try_open(const char *mode, const char *path)
{
	int flags = !strcmp(mode, "r") ? O_RDONLY : !strcmp(mode, "w") ?
		    O_WRONLY : O_RDWR;
	int fd = open(path, flags | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);

	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

static int try_mknod(char type, const char *maj, const char *min,
		     const char *path)
{
	mode_t mode = (type == 'b' ? S_IFBLK : S_IFCHR) | 0666;

	if (mknod(path, mode, makedev(atoi(maj), atoi(min))))
		return errno;
	return 0;
}

int main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		char *a = strdup(argv[i]), *f[5] = { 0 }, *save = NULL;
		int n = 0, e = EINVAL;

		while (n < 5 && (f[n] = strtok_r(n ? NULL : a, ":", &save)))
			n++;
		if (n && !strcmp(f[0], "open") && n == 3)
			e = try_open(f[1], f[2]);
		else if (n && !strcmp(f[0], "mknod") && n == 5)
			e = try_mknod(f[1][0], f[2], f[3], f[4]);
		printf("%s: %s\n", argv[i], ename(e));
		free(a);
	}
	return 0;
}

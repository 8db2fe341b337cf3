// SPDX-License-Identifier: GPL-2.0
/*
 * An image's layer list (images/NAME, one layer per line, bottom first)
 * into an overlayfs lowerdir= (top first), and the lists it refuses.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image.h"
#include "tap.h"

static char top[256];

static void image(const char *name, const char *text, size_t len)
{
	char path[512];
	int fd;

	snprintf(path, sizeof(path), "%s/images/%s", top, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, text, len) != (ssize_t)len)
		fprintf(stderr, "# writing %s: %m\n", path);
	if (fd >= 0)
		close(fd);
}

/* The lowerdir of image @name after writing @text to it, or "ERR: msg". */
static const char *lowerdir(const char *name, const char *text, size_t len)
{
	static char buf[8192];
	struct kctr_err err = { 0 };

	image(name, text, len);
	if (kctr_image_lowerdir(name, 0, 0, buf, sizeof(buf), &err))
		snprintf(buf, sizeof(buf), "ERR: %s", err.msg);
	return buf;
}

static const char *rel(const char *s)
{
	static char buf[8192];
	const char *p;
	size_t n = 0;

	/* top's prefix taken out of each path, to compare the rest. */
	while ((p = strstr(s, top)) && n < sizeof(buf) - 1) {
		while (s < p && n < sizeof(buf) - 1)
			buf[n++] = *s++;
		s = p + strlen(top);
	}
	while (*s && n < sizeof(buf) - 1)
		buf[n++] = *s++;
	buf[n] = '\0';
	return buf;
}

int main(void)
{
	char tmpl[] = "/tmp/kctr-image-test.XXXXXX", path[512], many[40 * 3];
	char long_name[200], buf[256];
	struct kctr_err err = { 0 };
	size_t i, n = 0;

	tap_plan(11);
	if (!mkdtemp(tmpl))
		return 1;
	snprintf(top, sizeof(top), "%s/state", tmpl);
	setenv("KCTR_STATE_DIR", top, 1);
	mkdir(top, 0700);
	snprintf(path, sizeof(path), "%s/images", top);
	mkdir(path, 0700);

	is_str(rel(lowerdir("one", "base\n", 5)), "/layers/base",
	       "one layer");
	is_str(rel(lowerdir("two", "base\napp\n", 9)),
	       "/layers/app:/layers/base", "the last line is the top layer");
	is_str(rel(lowerdir("bare", "base\napp", 8)),
	       "/layers/app:/layers/base", "no newline after the last line");
	is_str(rel(lowerdir("blank", "\nbase\n\n\napp\n\n", 13)),
	       "/layers/app:/layers/base", "empty lines are skipped");
	ok(strstr(lowerdir("empty", "\n\n", 2), "no layers") != NULL,
	   "a list of empty lines: no layers");
	ok(strstr(lowerdir("up", "base\n../../etc\n", 15), "bad layer list")
	   != NULL, "a layer name with '/' is refused");
	ok(strstr(lowerdir("colon", "a:b\n", 4), "bad layer list") != NULL,
	   "a layer name with ':' (an overlay separator) is refused");
	ok(strstr(lowerdir("nul", "base\0x\n", 7), "bad layer list") != NULL,
	   "a layer name with a NUL byte is refused");
	memset(long_name, 'a', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	ok(strstr(lowerdir("long", long_name, strlen(long_name)),
		  "bad layer list") != NULL,
	   "a layer name of 128 bytes or more is refused");
	for (i = 0; i < 33; i++)
		n += snprintf(many + n, sizeof(many) - n, "%c\n",
			      (int)('A' + i));
	ok(strstr(lowerdir("many", many, n), "bad layer list") != NULL,
	   "33 layers are refused");

	ok(kctr_image_lowerdir("absent", 0, 0, buf, sizeof(buf), &err) ==
	   -ENOENT && strstr(err.msg, "no image 'absent'"),
	   "a missing image: ENOENT, named (%s)", err.msg);

	snprintf(path, sizeof(path), "rm -rf '%s'", tmpl);
	if (system(path))
		fprintf(stderr, "# could not remove %s\n", tmpl);
	return tap_done();
}

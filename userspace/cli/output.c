// SPDX-License-Identifier: GPL-2.0
/* Text output: aligned tables and the common usage-error wording. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "output.h"

int kt_init(struct kt *t, int ncols, const char *const *header)
{
	memset(t, 0, sizeof(*t));
	t->ncols = ncols;
	return kt_add(t, header);
}

int kt_add(struct kt *t, const char *const *row)
{
	char **cells;
	int i;

	if (t->nrows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;

		cells = realloc(t->cells, cap * t->ncols * sizeof(*cells));
		if (!cells)
			return -1;
		t->cells = cells;
		t->cap = cap;
	}
	cells = t->cells + t->nrows * t->ncols;
	for (i = 0; i < t->ncols; i++) {
		cells[i] = strdup(row[i] ? row[i] : "");
		if (!cells[i]) {
			while (i--)
				free(cells[i]);
			return -1;
		}
	}
	t->nrows++;
	return 0;
}

/* Display width of a UTF-8 string: continuation bytes take no column. */
static size_t width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

/* @n spaces, without a printf per cell (1,000 rows of kctr list). */
static void pad(FILE *f, size_t n)
{
	static const char spaces[] = "                                ";

	for (; n > sizeof(spaces) - 1; n -= sizeof(spaces) - 1)
		fwrite(spaces, 1, sizeof(spaces) - 1, f);
	fwrite(spaces, 1, n, f);
}

void kt_print(const struct kt *t, FILE *f)
{
	size_t *w, r, cw;
	int c;

	w = calloc(t->ncols, sizeof(*w));
	if (!w)
		return;
	for (r = 0; r < t->nrows; r++)
		for (c = 0; c < t->ncols; c++) {
			cw = width(t->cells[r * t->ncols + c]);
			if (cw > w[c])
				w[c] = cw;
		}
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			const char *cell = t->cells[r * t->ncols + c];
			size_t gap = w[c] - width(cell);
			bool last = c == t->ncols - 1;

			if (t->right & (1U << c))
				pad(f, gap);
			fputs(cell, f);
			if (last) {
				fputc('\n', f);
				continue;
			}
			if (!(t->right & (1U << c)))
				pad(f, gap);
			fputs("  ", f);
		}
	}
	free(w);
}

void kt_free(struct kt *t)
{
	size_t i;

	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	memset(t, 0, sizeof(*t));
}

int kctr_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "kctr %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'kctr %s --help'.\n", cmd);
	return KCTR_EXIT_USAGE;
}

int kctr_take_json_flag(int argc, char **argv, bool *json)
{
	int i, n = 1;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--")) {
			while (i < argc)
				argv[n++] = argv[i++];
			break;
		}
		if (!strcmp(argv[i], "-j") || !strcmp(argv[i], "--json"))
			*json = true;
		else
			argv[n++] = argv[i];
	}
	argv[n] = NULL;
	return n;
}

int kctr_bad_option(char **argv, int c)
{
	if (c == ':')
		return kctr_usage_error(argv[0], "option '%s' needs a value",
					argv[optind - 1]);
	return kctr_usage_error(argv[0], "unknown option '%s'",
				argv[optind - 1]);
}

int kctr_parse_help_only(int argc, char **argv, void (*usage)(FILE *))
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	/* From the start: "kctr ps NAME" hands its argv on to top. */
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return KCTR_EXIT_OK;
		}
		return kctr_bad_option(argv, c);
	}
	return -1;
}

int kctr_parse_no_args(int argc, char **argv, void (*usage)(FILE *))
{
	int ret = kctr_parse_help_only(argc, argv, usage);

	if (ret < 0 && optind < argc)
		return kctr_usage_error(argv[0], "unexpected argument '%s'",
					argv[optind]);
	return ret;
}

char *kctr_ellipsize(char *s, size_t w)
{
	size_t i, cols = 0;

	if (width(s) <= w || w < 4)
		return s;
	for (i = 0; s[i]; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80 && cols++ == w - 3)
			break;
	}
	memcpy(s + i, "...", 4);
	return s;
}

void kctr_err_print(const struct kctr_err *err)
{
	fprintf(stderr, "kctr: %s\n", err->msg[0] ? err->msg :
		strerror(err->code));
}

/* SPDX-License-Identifier: GPL-2.0 */
/* Aligned text tables and the wording shared by every command. */
#ifndef KCTR_OUTPUT_H
#define KCTR_OUTPUT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

/*
 * A table of strings printed with each column as wide as its widest cell,
 * two spaces apart; the last column is not padded. Cells are copied.
 */
struct kt {
	int ncols;
	size_t nrows, cap;
	char **cells;		/* nrows * ncols, row 0 is the header */
	unsigned int right;	/* bit per column: right-aligned */
};

int kt_init(struct kt *t, int ncols, const char *const *header);
int kt_add(struct kt *t, const char *const *row);
void kt_print(const struct kt *t, FILE *f);
void kt_free(struct kt *t);

/*
 * "kctr CMD: <message>" and "Try 'kctr CMD --help'." on stderr; returns
 * KCTR_EXIT_USAGE. One wording for every argument error.
 */
int kctr_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * For the commands that print data: "-j"/"--json" among a command's own
 * arguments (before any "--") means what it means before the command.
 * Removes them from argv (kept NULL-terminated), sets *json if there was
 * one, and returns the new argc.
 */
int kctr_take_json_flag(int argc, char **argv, bool *json);

/*
 * The usage error for what getopt_long (with a leading ':' in its option
 * string) returned for argv[optind - 1]: ':' a missing value, else an
 * unknown option.
 */
int kctr_bad_option(char **argv, int c);

/*
 * A command whose only option is -h/--help: -1 when the caller goes on
 * with argv[optind..], else the exit status (help printed, bad option).
 * kctr_parse_no_args() also refuses any argument.
 */
int kctr_parse_help_only(int argc, char **argv, void (*usage)(FILE *));
int kctr_parse_no_args(int argc, char **argv, void (*usage)(FILE *));

/* Print "kctr: <msg>" on stderr (the library itself prints nothing). */
struct kctr_err;
void kctr_err_print(const struct kctr_err *err);

/* Truncate @s in place to @width display columns, ending with "..." */
char *kctr_ellipsize(char *s, size_t width);

#endif

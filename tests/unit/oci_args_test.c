// SPDX-License-Identifier: GPL-2.0
/*
 * kctr-oci's command line on the argv lines the engines wrote in the VM
 * (research/oci-captures/runtime-argv.txt: conmon, podman, the containerd
 * and Docker shim, runtime-tools), then the grammar's corners and errors.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "oci/args.h"
#include "tap.h"

#define ID "004e2f3f1c0de8a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f5296e6f"
#define UD "/var/lib/containers/storage/overlay-containers/" ID "/userdata"
#define RD "/run/containers/storage/overlay-containers/" ID "/userdata"
#define CD "/run/containerd/io.containerd.runtime.v2.task/default"
#define SHIM "--root", "/run/containerd/runc/default", "--log", \
	CD "/c1/log.json", "--log-format", "json"

static struct kctr_err err;

/* Parse a NULL-terminated list (argv[0] added); the return value. */
static int parse_v(struct oci_args *a, const char *const *words)
{
	static char *argv[64];	/* a.argv points into it */
	int argc = 0;

	argv[argc++] = "kctr-oci";
	while (*words && argc < 63)
		argv[argc++] = (char *)*words++;
	argv[argc] = NULL;
	memset(&err, 0, sizeof(err));
	return oci_args_parse(argc, argv, a, &err);
}

#define PARSE(a, ...) parse_v(a, (const char *const[]){ __VA_ARGS__, NULL })

static void conmon_podman(void)
{
	struct oci_args a;

	is_int(PARSE(&a, "create", "--bundle", UD, "--pid-file",
		     RD "/pidfile", ID), 0, "conmon create parses");
	is_int(a.cmd, OCI_CMD_CREATE, "  create");
	is_str(a.bundle, UD, "  --bundle");
	is_str(a.pid_file, RD "/pidfile", "  --pid-file");
	is_str(a.id, ID, "  the 64-hex id");
	is_str(a.g.root, "/run/kctr-oci", "  default --root");
	ok(!a.g.log && a.g.log_format == OCI_LOG_TEXT, "  no log, text");
	ok(!a.console_socket, "  no console socket");

	is_int(PARSE(&a, "create", "--bundle", UD, "--pid-file",
		     RD "/pidfile", "--console-socket",
		     "/tmp/conmon-term.MYXLZ3", ID), 0,
	       "conmon create -t parses");
	is_str(a.console_socket, "/tmp/conmon-term.MYXLZ3",
	       "  --console-socket");

	is_int(PARSE(&a, "start", ID), 0, "podman start");
	ok(a.cmd == OCI_CMD_START && !strcmp(a.id, ID), "  start ID");

	is_int(PARSE(&a, "delete", "--force", ID), 0, "podman delete --force");
	ok(a.cmd == OCI_CMD_DELETE && a.force, "  delete, force");

	is_int(PARSE(&a, "exec", "--pid-file", UD "/" ID "/exec_pid",
		     "--process", UD "/" ID "/exec-process-797636102",
		     "--detach", ID), 0, "conmon exec");
	ok(a.cmd == OCI_CMD_EXEC && a.detach && !a.tty, "  exec, detach");
	is_str(a.process, UD "/" ID "/exec-process-797636102", "  --process");
	is_str(a.pid_file, UD "/" ID "/exec_pid", "  --pid-file");
	is_int(a.argc, 0, "  no ARGS");

	is_int(PARSE(&a, "exec", "--pid-file", UD "/" ID "/exec_pid",
		     "--process", UD "/" ID "/exec-process-3839651391",
		     "--detach", "--tty", "--console-socket",
		     "/tmp/conmon-term.MNGNZ3", ID), 0, "conmon exec -t");
	ok(a.tty && a.detach, "  --tty --detach");
	is_str(a.console_socket, "/tmp/conmon-term.MNGNZ3",
	       "  --console-socket");

	is_int(PARSE(&a, "pause", ID), 0, "podman pause");
	is_int(a.cmd, OCI_CMD_PAUSE, "  pause");
	is_int(PARSE(&a, "resume", ID), 0, "podman resume");
	is_int(a.cmd, OCI_CMD_RESUME, "  resume");

	is_int(PARSE(&a, "kill", ID, "15"), 0, "podman kill ID 15");
	ok(a.cmd == OCI_CMD_KILL && a.sig == 15 && !a.all, "  TERM");
	is_int(PARSE(&a, "kill", ID, "9"), 0, "podman kill ID 9");
	is_int(a.sig, 9, "  KILL");
}

static void shim(void)
{
	struct oci_args a;

	is_int(PARSE(&a, SHIM, "create", "--bundle", CD "/c1", "--pid-file",
		     CD "/c1/init.pid", "c1"), 0, "shim create");
	is_str(a.g.root, "/run/containerd/runc/default", "  --root");
	is_str(a.g.log, CD "/c1/log.json", "  --log");
	is_int(a.g.log_format, OCI_LOG_JSON, "  --log-format json");
	is_str(a.bundle, CD "/c1", "  --bundle");
	is_str(a.id, "c1", "  id");

	is_int(PARSE(&a, SHIM, "start", "c1"), 0, "shim start");
	is_int(a.cmd, OCI_CMD_START, "  start");
	is_int(PARSE(&a, SHIM, "delete", "c1"), 0, "shim delete");
	ok(a.cmd == OCI_CMD_DELETE && !a.force, "  delete without force");
	is_int(PARSE(&a, SHIM, "delete", "--force", "c1"), 0,
	       "shim delete --force");
	ok(a.force, "  force");
	is_int(PARSE(&a, SHIM, "exec", "--process",
		     "/tmp/runc-process2256192064", "--detach", "--pid-file",
		     CD "/c3/e1.pid", "c3"), 0, "shim exec");
	ok(a.detach && !strcmp(a.id, "c3") && a.argc == 0,
	   "  exec --detach c3");
	is_int(PARSE(&a, SHIM, "kill", "c3", "15"), 0, "shim kill");
	is_int(a.sig, 15, "  15");

	is_int(PARSE(&a, "--root", "/var/run/docker/runtime-runc/moby",
		     "--log", "/run/containerd/io.containerd.runtime.v2.task/moby/" ID "/log.json",
		     "--log-format", "json", "create", "--bundle",
		     "/run/containerd/io.containerd.runtime.v2.task/moby/" ID,
		     "--pid-file",
		     "/run/containerd/io.containerd.runtime.v2.task/moby/" ID "/init.pid",
		     ID), 0, "Docker's shim create");
	is_str(a.g.root, "/var/run/docker/runtime-runc/moby", "  its --root");
}

static void runtime_tools(void)
{
	struct oci_args a;

	is_int(PARSE(&a, "create", "--bundle", "/tmp/bundle"), -EINVAL,
	       "create without an id fails");
	ok(strstr(err.msg, "requires a container id") != NULL,
	   "  and says so: %s", err.msg);
	is_int(PARSE(&a, "create", "--bundle", "/tmp/bundle",
		     "4070d0e3-41dc-4b48-9635-e5688232ef54"), 0,
	       "create with a uuid id");
	is_int(PARSE(&a, "start"), -EINVAL, "start without an id fails");
	is_int(PARSE(&a, "state"), -EINVAL, "state without an id fails");
	is_int(PARSE(&a, "state", "a71bcc1b-475b-4ec3-aa82-dec7b821b929"), 0,
	       "state ID");
	is_int(a.cmd, OCI_CMD_STATE, "  state");
	/* "kill KILL": KILL is the id, which does not exist: fine to parse. */
	is_int(PARSE(&a, "kill", "KILL"), 0, "kill KILL parses (KILL as id)");
	is_int(a.sig, 15, "  with the default TERM");
	is_int(PARSE(&a, "kill", "a71bcc1b-475b-4ec3-aa82-dec7b821b929",
		     "KILL"), 0, "kill ID KILL");
	is_int(a.sig, 9, "  a name");
	is_int(PARSE(&a, "delete", "a71bcc1b-475b-4ec3-aa82-dec7b821b929"), 0,
	       "delete ID");
}

static void grammar(void)
{
	struct oci_args a;

	is_int(PARSE(&a, "--log-format=json", "--log=/tmp/l", "--root=/r",
		     "--debug", "state", "x"), 0, "--opt=value globals");
	ok(a.g.log_format == OCI_LOG_JSON && !strcmp(a.g.log, "/tmp/l") &&
	   !strcmp(a.g.root, "/r") && a.g.debug, "  all four taken");
	is_int(PARSE(&a, "--systemd-cgroup", "--rootless", "false",
		     "--cgroup-manager=disabled", "--criu", "/usr/sbin/criu",
		     "list"), 0, "recorded globals");
	ok(a.g.systemd_cgroup && !strcmp(a.g.rootless, "false") &&
	   !strcmp(a.g.cgroup_manager, "disabled") &&
	   !strcmp(a.g.criu, "/usr/sbin/criu"), "  recorded");
	is_int(PARSE(&a, "state", "--root", "/r", "x"), -EINVAL,
	       "a global option after the command is refused");
	is_int(PARSE(&a, "create", "-b", "/b", "--preserve-fds=2",
		     "--no-pivot", "--no-new-keyring", "x"), 0,
	       "create's short and boolean flags");
	ok(!strcmp(a.bundle, "/b") && a.preserve_fds == 2 && a.no_pivot &&
	   a.no_new_keyring, "  taken");
	is_int(PARSE(&a, "create", "--preserve-fds", "two", "x"), -EINVAL,
	       "--preserve-fds needs a number");
	is_int(PARSE(&a, "kill", "--all", "x", "SIGKILL"), 0, "kill --all");
	ok(a.all && a.sig == 9, "  all, SIGKILL");
	is_int(PARSE(&a, "kill", "-a", "x", "term"), 0, "kill -a, term");
	ok(a.all && a.sig == 15, "  lower case name");
	is_int(PARSE(&a, "kill", "x", "SIGRTMIN+2"), 0, "RT signal");
	is_int(PARSE(&a, "kill", "x", "NOPE"), -EINVAL, "unknown signal");
	ok(strstr(err.msg, "NOPE") != NULL, "  named: %s", err.msg);
	is_int(PARSE(&a, "kill", "x", "65"), -EINVAL, "signal 65");
	is_int(PARSE(&a, "delete", "x", "-f"), 0, "delete ID -f");
	ok(a.force, "  option after the id");
	is_int(PARSE(&a, "delete", "--force=false", "x"), 0,
	       "--force=false");
	ok(!a.force, "  is false");
	is_int(PARSE(&a, "exec", "-e", "A=1", "--env=B=2", "--cwd", "/w",
		     "-u", "1000:1000", "--cap", "CAP_KILL", "-t", "x", "ls",
		     "-l", "--all"), 0, "runc's exec form");
	ok(a.nr_env == 2 && !strcmp(a.env[1], "B=2") && !strcmp(a.cwd, "/w") &&
	   !strcmp(a.user, "1000:1000") && a.nr_caps == 1 && a.tty,
	   "  its flags");
	ok(a.argc == 3 && !strcmp(a.argv[0], "ls") &&
	   !strcmp(a.argv[2], "--all"), "  ARGS kept verbatim after the id");
	is_int(PARSE(&a, "exec", "x"), -EINVAL,
	       "exec without --process nor command");
	is_int(PARSE(&a, "ps", "--format", "json", "x"), 0, "ps --format json");
	ok(a.format == OCI_FMT_JSON, "  json");
	is_int(PARSE(&a, "ps", "-f", "yaml", "x"), -EINVAL, "ps -f yaml");
	is_int(PARSE(&a, "list", "--format=json"), 0, "list --format=json");
	ok(a.format == OCI_FMT_JSON && !a.quiet, "  json");
	is_int(PARSE(&a, "list", "-q"), 0, "list -q");
	ok(a.quiet && a.format == OCI_FMT_TABLE, "  quiet");
	is_int(PARSE(&a, "list", "x"), -EINVAL, "list takes no id");
	is_int(PARSE(&a, "features"), 0, "features");
	is_int(a.cmd, OCI_CMD_FEATURES, "  features");
	is_int(PARSE(&a, "--version"), 0, "--version");
	is_int(a.cmd, OCI_CMD_VERSION, "  version");
	is_int(PARSE(&a, "-v"), 0, "-v");
	is_int(a.cmd, OCI_CMD_VERSION, "  version");
	is_int(PARSE(&a, "--help"), 0, "--help");
	is_int(a.cmd, OCI_CMD_HELP, "  help");
	is_int(PARSE(&a, "kill", "--help"), 0, "kill --help");
	ok(a.cmd == OCI_CMD_HELP && a.help_cmd == OCI_CMD_KILL,
	   "  help for kill");
	is_int(PARSE(&a, "--log-format", "xml", "list"), -EINVAL,
	       "--log-format xml");
	is_int(PARSE(&a, "--nope", "list"), -EINVAL, "unknown global option");
	ok(strstr(err.msg, "--nope") != NULL, "  named: %s", err.msg);
	is_int(PARSE(&a, "--root"), -EINVAL, "--root without a value");
	is_int(PARSE(&a, "run", "x"), -EINVAL, "unknown command");
	is_int(PARSE(&a, "--log", "/tmp/l", "bogus"), -EINVAL,
	       "usage error after --log");
	is_str(a.g.log, "/tmp/l", "  --log still known, for the error line");
	is_int(PARSE(&a, "state", "a/b"), -EINVAL, "id with a slash");
	is_int(PARSE(&a, "state", ".."), -EINVAL, "id ..");
	is_int(PARSE(&a, "start", "a", "b"), -EINVAL, "two ids");
}

int main(void)
{
	tap_plan(112);
	conmon_podman();
	shim();
	runtime_tools();
	grammar();
	return tap_done();
}

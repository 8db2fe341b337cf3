// SPDX-License-Identifier: GPL-2.0
/*
 * config.json into the launch description (userspace/oci/launchcfg.c):
 * each field where kctr_launch() takes it, the device rule list, and the
 * refusals by name. The captured engine configs show what podman, ctr and
 * Docker send still needs before they run on kctr-oci.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/resource.h>
#include <linux/seccomp.h>

#include "config.h"
#include "launchcfg.h"
#include "tap.h"

#define FIX "fixtures/oci/"

static char *q(const char *s)
{
	char *d = strdup(s), *p;

	for (p = d; *p; p++)
		if (*p == '\'')
			*p = '"';
	return d;
}

/* A config with a process, a mount namespace and @extra appended. */
static int build(const char *extra, struct kctr_oci_config *cfg,
		 struct oci_launch *o, struct kctr_err *err)
{
	char buf[8192], *text;
	int ret;

	snprintf(buf, sizeof(buf),
		 "{'ociVersion':'1.0.2',%s"
		 "'process':{'args':['sh'],'cwd':'/'%s",
		 strstr(extra, "'root':") ? "" : "'root':{'path':'rootfs'},",
		 extra);
	text = q(buf);
	memset(err, 0, sizeof(*err));
	memset(o, 0, sizeof(*o));
	memset(cfg, 0, sizeof(*cfg));
	ret = kctr_oci_config_parse(text, strlen(text), NULL, cfg, err);
	free(text);
	if (ret) {
		printf("# parse: %s\n", err->msg);
		return ret;
	}
	ret = oci_launch_from_config(cfg, "/b", "id1", o, err);
	return ret;
}

static void refused(const char *extra, const char *want)
{
	struct kctr_oci_config cfg;
	struct oci_launch o;
	struct kctr_err err;
	int ret;

	ret = build(extra, &cfg, &o, &err);
	ok(ret == -EOPNOTSUPP && strstr(err.msg, want), "refused: %s (%s)",
	   want, err.msg);
	oci_launch_free(&o);
	kctr_oci_config_free(&cfg);
}

#define NS_MNT "'linux':{'namespaces':[{'type':'mount'}"

static void test_fields(void)
{
	struct kctr_oci_config cfg;
	struct oci_launch o;
	struct kctr_err err;
	const struct kctr_launch *l = &o.l;

	ok(!build(",'env':['A=1','B='],'terminal':true,'noNewPrivileges':true,"
		  "'user':{'uid':1000,'gid':100,'umask':18,"
		  "'additionalGids':[10,20]},'oomScoreAdj':-5,"
		  "'rlimits':[{'type':'RLIMIT_NOFILE','soft':10,'hard':20}],"
		  "'capabilities':{'bounding':['CAP_KILL'],"
		  "'ambient':['CAP_KILL']}},"
		  "'root':{'path':'rfs','readonly':true},'hostname':'h',"
		  "'annotations':{'a':'b'},"
		  NS_MNT ",{'type':'pid'},{'type':'network',"
		  "'path':'/run/netns/x'}],"
		  "'maskedPaths':['/proc/kcore'],'readonlyPaths':['/proc/sys'],"
		  "'resources':{'pids':{'limit':50},'memory':{'limit':1048576},"
		  "'devices':[{'allow':false,'access':'rwm'},"
		  "{'allow':true,'type':'c','major':10,'minor':200,"
		  "'access':'rw'}]}}}", &cfg, &o, &err),
	   "a config with most fields builds (%s)", err.msg);
	if (!l->name)
		return;
	ok(!strcmp(l->name, "id1") && !strcmp(l->hostname, "h"),
	   "name is the id, hostname as given");
	ok(!strcmp(l->root_path, "/b/rfs") && l->read_only,
	   "root.path relative to the bundle, readonly");
	ok(l->flags == KCTR_F_PERSIST, "flags: persist, no allow-new-privs");
	ok(l->ns_new == (KCTR_NS_MNT | KCTR_NS_PID) &&
	   !strcmp(l->ns_path[KCTR_NS_KIND_NET], "/run/netns/x"),
	   "namespaces: new ones, and net by path");
	ok(l->has_user && l->uid == 1000 && l->gid == 100 &&
	   l->nr_groups == 2 && l->groups[1] == 20,
	   "user, additionalGids");
	ok(l->has_umask && l->umask == 18 && l->has_oom_score_adj &&
	   l->oom_score_adj == -5, "umask, oomScoreAdj");
	ok(l->nr_rlimits == 1 && l->rlimits[0].resource == RLIMIT_NOFILE &&
	   l->rlimits[0].soft == 10 && l->rlimits[0].hard == 20, "rlimits");
	ok(l->caps.bounding == 1ULL << CAP_KILL &&
	   l->caps.ambient == 1ULL << CAP_KILL && !l->caps.effective,
	   "the five capability sets as given");
	ok(l->env_exact && l->nr_env == 2 && !strcmp(l->env[1], "B=") &&
	   l->no_init && l->keep_stdin && l->tty && !l->forward_signals,
	   "env exact, the program as pid 1, stdio kept, terminal");
	ok(l->nr_masked_paths == 1 && l->nr_readonly_paths == 1 &&
	   !strcmp(l->masked_paths[0], "/proc/kcore"),
	   "maskedPaths and readonlyPaths passed on");
	ok(l->limits.present && l->nr_dev_rules == 1 &&
	   l->dev_rules[0].type == 'c' && l->dev_rules[0].major == 10 &&
	   l->dev_rules[0].minor == 200 &&
	   l->dev_rules[0].access == (KCTR_DEV_READ | KCTR_DEV_WRITE),
	   "limits, and the allow after deny-all as one rule");
	ok(!l->seccomp_prog && l->seccomp && !strcmp(l->seccomp, "unconfined"),
	   "no linux.seccomp: no filter but the unconfined one");
	oci_launch_free(&o);
	kctr_oci_config_free(&cfg);

	ok(!build(",'noNewPrivileges':false}," NS_MNT "]}}", &cfg, &o, &err) &&
	   (o.l.flags & KCTR_F_ALLOW_NEW_PRIVS), "noNewPrivileges false: "
	   "allow-new-privs");
	oci_launch_free(&o);
	kctr_oci_config_free(&cfg);
	ok(!build("}," NS_MNT "],'seccomp':{'defaultAction':'SCMP_ACT_ALLOW',"
		  "'syscalls':[{'names':['mount'],'action':'SCMP_ACT_ERRNO'}]}}}",
		  &cfg, &o, &err) && o.l.seccomp_prog && o.l.seccomp_len &&
	   !o.l.seccomp, "linux.seccomp: compiled here (%s)", err.msg);
	oci_launch_free(&o);
	kctr_oci_config_free(&cfg);
	ok(!build("}," NS_MNT ",{'type':'user'}],'uidMappings':["
		  "{'containerID':0,'hostID':100000,'size':1000},"
		  "{'containerID':1000,'hostID':200000,'size':10}],"
		  "'gidMappings':[{'containerID':0,'hostID':300000,"
		  "'size':500}]}}", &cfg, &o, &err) &&
	   o.l.nr_uid_map == 2 && o.l.nr_gid_map == 1 &&
	   o.l.uid_map[1].inside == 1000 && o.l.uid_map[1].outside == 200000 &&
	   o.l.uid_map[1].count == 10 && o.l.gid_map[0].outside == 300000 &&
	   (o.l.ns_new & KCTR_NS_USER), "uid/gid maps: every extent, in "
	   "order, uids and gids apart (%s)", err.msg);
	oci_launch_free(&o);
	kctr_oci_config_free(&cfg);
	ok(!build("}," NS_MNT "],'seccomp':{'defaultAction':'SCMP_ACT_LOG',"
		  "'defaultErrnoRet':1,'flags':['SECCOMP_FILTER_FLAG_LOG',"
		  "'SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV'],"
		  "'syscalls':[{'names':['mount'],'action':'SCMP_ACT_ERRNO',"
		  "'errnoRet':38}]}}}", &cfg, &o, &err) &&
	   o.l.seccomp_flags == SECCOMP_FILTER_FLAG_LOG,
	   "linux.seccomp.flags: LOG for the install (%s)", err.msg);
	oci_launch_free(&o);
	kctr_oci_config_free(&cfg);
}

/* process.apparmorProfile: to the launch, which checks AppArmor is on. */
static void test_apparmor(void)
{
	struct kctr_oci_config cfg;
	struct oci_launch o;
	struct kctr_err err;

	ok(!build(",'apparmorProfile':'p'}," NS_MNT "]}}", &cfg, &o, &err) &&
	   o.l.apparmor_profile && !strcmp(o.l.apparmor_profile, "p"),
	   "process.apparmorProfile: passed on to the launch (%s)", err.msg);
	oci_launch_free(&o);
	kctr_oci_config_free(&cfg);
}

/* createContainer and startContainer run (create.c): no refusal. */
static void test_hooks_accepted(void)
{
	static const char *const kinds[] = {
		"createContainer", "startContainer",
	};
	struct kctr_oci_config cfg;
	struct oci_launch o;
	struct kctr_err err;
	char extra[256];
	size_t i;

	for (i = 0; i < 2; i++) {
		snprintf(extra, sizeof(extra), "},'hooks':{'%s':[{'path':"
			 "'/bin/true'}]}," NS_MNT "]}}", kinds[i]);
		ok(!build(extra, &cfg, &o, &err), "hooks.%s: accepted (%s)",
		   kinds[i], err.msg);
		oci_launch_free(&o);
		kctr_oci_config_free(&cfg);
	}
}

static void test_refusals(void)
{
	refused("}}", "a new mount namespace is required");
	refused("}," "'linux':{'namespaces':[{'type':'mount','path':'/x'}]}}",
		"joining a mount namespace by path");
	refused("}," NS_MNT "],'devices':[{'path':'/dev/null','type':'c',"
		"'major':1,'minor':250}]}}", "linux.devices[0] /dev/null: the host "
		"has no c 1:250 node");
	refused("}," NS_MNT "],'devices':[{'path':'/dev/p','type':'p'}]}}",
		"only character and block devices");
	refused("}," NS_MNT "],'rootfsPropagation':'shared'}}",
		"linux.rootfsPropagation");
	refused("}," NS_MNT "],'intelRdt':{'closID':'x'}}}", "linux.intelRdt");
	refused("}," NS_MNT "],'resources':{'devices':[{'allow':true,"
		"'access':'rwm'},{'allow':false,'type':'c','major':1,"
		"'minor':3,'access':'w'}]}}}", "a deny rule narrower");
}

static void test_dev_rules(void)
{
	struct kctr_oci_config cfg;
	struct oci_launch o;
	struct kctr_err err;

	ok(!build("}," NS_MNT "],'resources':{'devices':["
		  "{'allow':true,'type':'c','major':1,'minor':3,'access':'r'},"
		  "{'allow':false,'access':'rwm'},"
		  "{'allow':true,'type':'b','access':'m'}]}}}",
		  &cfg, &o, &err) && o.l.nr_dev_rules == 1 &&
	   o.l.dev_rules[0].type == 'b' &&
	   o.l.dev_rules[0].major == KCTR_DEV_ANY &&
	   o.l.dev_rules[0].access == KCTR_DEV_MKNOD,
	   "deny-all clears the allows before it; wildcards kept");
	oci_launch_free(&o);
	kctr_oci_config_free(&cfg);

	/* Docker's: deny all, a few allows, deny c 10:229 (fuse). */
	ok(!build("}," NS_MNT "],'resources':{'devices':["
		  "{'allow':false,'access':'rwm'},"
		  "{'allow':true,'type':'c','major':1,'minor':3,'access':'rwm'},"
		  "{'allow':false,'type':'c','major':10,'minor':229,"
		  "'access':'rwm'},"
		  "{'allow':false,'type':'b','major':1,'minor':3,'access':'rwm'},"
		  "{'allow':true,'type':'c','access':'m'}]}}}",
		  &cfg, &o, &err) && o.l.nr_dev_rules == 2 &&
	   o.l.dev_rules[0].minor == 3 &&
	   o.l.dev_rules[1].minor == KCTR_DEV_ANY,
	   "a deny that takes from no allow before it: dropped (%s)", err.msg);
	oci_launch_free(&o);
	kctr_oci_config_free(&cfg);
	memset(&err, 0, sizeof(err));
	ok(build("}," NS_MNT "],'resources':{'devices':["
		 "{'allow':false,'access':'rwm'},"
		 "{'allow':true,'type':'c','major':1,'access':'rwm'},"
		 "{'allow':false,'type':'a','major':1,'minor':3,"
		 "'access':'m'}]}}}", &cfg, &o, &err) == -EOPNOTSUPP &&
	   strstr(err.msg, "devices[2]: a deny rule narrower"),
	   "a deny that takes from an allow before it: refused (%s)", err.msg);
	oci_launch_free(&o);
	kctr_oci_config_free(&cfg);
}

/* linux.devices: the host's node at that path, with the rules' access. */
static void test_devices(void)
{
	struct kctr_oci_config cfg;
	struct oci_launch o;
	struct kctr_err err;

	ok(!build("}," NS_MNT "],'devices':[{'path':'/dev/null','type':'c',"
		  "'major':1,'minor':3}],'resources':{'devices':["
		  "{'allow':false,'access':'rwm'},{'allow':true,'type':'c',"
		  "'major':1,'minor':3,'access':'rwm'}]}}}", &cfg, &o, &err) &&
	   o.l.nr_devs == 1 && !strcmp(o.l.devs[0].host, "/dev/null") &&
	   !strcmp(o.l.devs[0].ctr, "/dev/null") &&
	   o.l.devs[0].access == (KCTR_DEV_READ | KCTR_DEV_WRITE),
	   "linux.devices: the host's /dev/null, rw as the rules allow (%s)",
	   err.msg);
	oci_launch_free(&o);
	kctr_oci_config_free(&cfg);
	ok(!build("}," NS_MNT "],'devices':[{'path':'/dev/mynull','type':'c',"
		  "'major':1,'minor':3}]}}", &cfg, &o, &err) &&
	   !strcmp(o.l.devs[0].host, "/dev/null") &&
	   !strcmp(o.l.devs[0].ctr, "/dev/mynull"),
	   "linux.devices at another path: the host's node found by its "
	   "numbers (%s)", err.msg);
	oci_launch_free(&o);
	kctr_oci_config_free(&cfg);
	ok(!build("}," NS_MNT "],'devices':[{'path':'/dev/null','type':'c',"
		  "'major':1,'minor':3}]}}", &cfg, &o, &err) &&
	   o.l.nr_devs == 1 && !o.l.devs[0].access,
	   "linux.devices without an allow rule: bound, no access");
	oci_launch_free(&o);
	kctr_oci_config_free(&cfg);
}

/* What each engine's own config still asks that kctr-oci refuses. */
static void test_captured(void)
{
	static const char *const files[] = {
		"ctr-run.config.json", "docker-run-none.config.json",
		"podman-run-bridge.config.json",
		"podman-run-none.debian-defaults.config.json",
	};
	struct kctr_oci_config cfg;
	struct oci_launch o;
	struct kctr_err err;
	size_t i;
	int ret;

	for (i = 0; i < sizeof(files) / sizeof(*files); i++) {
		char path[256];

		snprintf(path, sizeof(path), FIX "captured/%s", files[i]);
		memset(&err, 0, sizeof(err));
		ret = kctr_oci_config_load(path, &cfg, &err);
		if (ret) {
			ok(0, "%s parses (%s)", files[i], err.msg);
			continue;
		}
		ret = oci_launch_from_config(&cfg, "/b", "x", &o, &err);
		/* Built, or what is still missing refused by name. */
		ok(!ret || (ret == -EOPNOTSUPP && strstr(err.msg, "config.json: ")),
		   "%s: built, or refused by name: %s", files[i],
		   ret ? err.msg : "built");
		oci_launch_free(&o);
		kctr_oci_config_free(&cfg);
	}
}

/* mounts[] and linux.sysctl passed through; bind sources the bundle's. */
static void test_mounts_sysctls(void)
{
	struct kctr_oci_config cfg;
	struct oci_launch o;
	struct kctr_err err;
	const struct kctr_mount *m;
	int ret;

	ret = build("},'mounts':[{'destination':'/data','type':'bind',"
		    "'source':'data','options':['rbind','ro']},"
		    "{'destination':'/etc/hosts','source':'/h/hosts',"
		    "'options':['bind']},{'destination':'/run','type':'tmpfs',"
		    "'source':'tmpfs','options':['mode=755']}],"
		    "'linux':{'namespaces':[{'type':'mount'},{'type':'network'}],"
		    "'sysctl':{'net.ipv4.ip_forward':'1'}}}", &cfg, &o, &err);
	is_int(ret, 0, "mounts and sysctls build (%s)", err.msg);
	m = o.l.mounts;
	ok(o.l.nr_mounts == 3 && !strcmp(m[0].destination, "/data") &&
	   !strcmp(m[0].type, "bind") && m[0].nr_options == 2 &&
	   !strcmp(m[0].options[1], "ro"), "mounts[] in order, as given");
	is_str(m[0].source, "/b/data", "a relative bind source: the bundle's");
	is_str(m[1].source, "/h/hosts", "an absolute one kept");
	is_str(m[2].source, "tmpfs", "a tmpfs source kept as given");
	ok(o.l.nr_sysctls == 1 &&
	   !strcmp(o.l.sysctls[0].key, "net.ipv4.ip_forward") &&
	   !strcmp(o.l.sysctls[0].value, "1"), "linux.sysctl passed through");
	oci_launch_free(&o);
	kctr_oci_config_free(&cfg);
}

int main(void)
{
	tap_plan(43);
	test_fields();
	test_mounts_sysctls();
	test_refusals();
	test_hooks_accepted();
	test_apparmor();
	test_dev_rules();
	test_devices();
	test_captured();
	return tap_done();
}

# SPDX-License-Identifier: GPL-2.0
# Top-level convenience targets. The module itself is built by Kbuild:
#   make -C <kernel build dir> M=$(CURDIR)

KDIR ?= /lib/modules/$(shell uname -r)/build
PREFIX ?= /usr/local
# make install DESTDIR=... stages everything below DESTDIR; install-module
# honours the kernel's own INSTALL_MOD_PATH.
DESTDIR ?=
INSTALL_MOD_PATH ?=
# One version for the module, its DKMS package and the tool.
VERSION := $(shell sed -n 's/^\#define KCTR_VERSION "\(.*\)"/\1/p' kmod/kctr.h)
# The kernel release KDIR builds for (not always the running one).
KREL = $(shell $(MAKE) -s -C $(KDIR) kernelrelease)
DKMS_SRC = $(DESTDIR)/usr/src/kctr-$(VERSION)
# e.g. --dkmstree/--sourcetree/--installtree for a private DKMS tree
DKMS_FLAGS ?=

.PHONY: all module kctr clean check-unit install install-module \
	dkms-source dkms-install

all: module kctr

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 modules

kctr:
	$(MAKE) -C userspace

# kctr and kctr-oci, their man pages and the bash completion.
install:
	$(MAKE) -C userspace install

# kctr.ko into INSTALL_MOD_PATH/lib/modules/KREL/updates/, then depmod:
# Debian's headers have no System.map, so modules_install skips it.
install-module: module
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules_install
	depmod $(if $(INSTALL_MOD_PATH),-b $(INSTALL_MOD_PATH)) $(KREL)

# The DKMS source tree: what dkms.conf's MAKE line builds from.
dkms-source:
	install -d $(DKMS_SRC)/kmod $(DKMS_SRC)/include/uapi/linux
	install -m 0644 dkms.conf Kbuild $(DKMS_SRC)/
	install -m 0644 kmod/*.c kmod/*.h $(DKMS_SRC)/kmod/
	install -m 0644 include/uapi/linux/*.h $(DKMS_SRC)/include/uapi/linux/
	grep -qx 'PACKAGE_VERSION="$(VERSION)"' $(DKMS_SRC)/dkms.conf

# Registers, builds and installs kctr.ko for KREL with DKMS, which then
# rebuilds it for every kernel installed later (AUTOINSTALL).
dkms-install: dkms-source
	dkms status $(DKMS_FLAGS) -m kctr -v $(VERSION) | grep -q . || \
		dkms add $(DKMS_FLAGS) -m kctr -v $(VERSION)
	dkms install $(DKMS_FLAGS) -m kctr -v $(VERSION) -k $(KREL)

check-unit:
	$(MAKE) -C tests/unit check

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean || true
	$(MAKE) -C userspace clean

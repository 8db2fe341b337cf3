# SPDX-License-Identifier: GPL-2.0
# Top-level convenience targets. The module itself is built by Kbuild:
#   make -C <kernel build dir> M=$(CURDIR)

KDIR ?= /lib/modules/$(shell uname -r)/build

.PHONY: all module kctr clean check-unit

all: module kctr

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 modules

kctr:
	$(MAKE) -C userspace

check-unit:
	$(MAKE) -C tests/unit check

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean || true
	$(MAKE) -C userspace clean

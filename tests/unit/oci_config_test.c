// SPDX-License-Identifier: GPL-2.0
#include "config.h"
#include "tap.h"
int main(void) { return tap_done(); }

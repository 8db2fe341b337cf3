/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KCTR_VERSION_H
#define KCTR_VERSION_H

#define KCTR_TOOL_VERSION	"0.1.0"

#endif

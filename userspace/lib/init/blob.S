/* SPDX-License-Identifier: GPL-2.0 */
/* init/kctr-init, built by the Makefile, as bytes in kctr (cinit.c). */
	.section .rodata
	.balign 16
	.global kctr_init_blob
kctr_init_blob:
	.incbin "init/kctr-init"
	.global kctr_init_blob_end
kctr_init_blob_end:
	.section .note.GNU-stack,"",%progbits

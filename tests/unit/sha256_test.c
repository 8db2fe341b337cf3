// SPDX-License-Identifier: GPL-2.0
/* SHA-256 against the FIPS 180-4 / NIST example vectors. */
#include <stdlib.h>
#include <string.h>

#include "sha256.h"
#include "tap.h"

static const char *hex_of(const void *data, size_t len)
{
	static char hex[65];
	uint8_t d[KCTR_SHA256_LEN];

	kctr_sha256(data, len, d);
	kctr_sha256_hex(d, hex);
	return hex;
}

int main(void)
{
	static const char two_blocks[] =
		"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	static const char four_blocks[] =
		"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
		"hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
	uint8_t one[KCTR_SHA256_LEN], parts[KCTR_SHA256_LEN];
	struct kctr_sha256 s;
	char *million;
	size_t i, step;

	tap_plan(6);
	is_str(hex_of("", 0), "e3b0c44298fc1c149afbf4c8996fb924"
	       "27ae41e4649b934ca495991b7852b855", "SHA-256 of \"\"");
	is_str(hex_of("abc", 3), "ba7816bf8f01cfea414140de5dae2223"
	       "b00361a396177a9cb410ff61f20015ad", "SHA-256 of \"abc\"");
	is_str(hex_of(two_blocks, strlen(two_blocks)),
	       "248d6a61d20638b8e5c026930c3e6039"
	       "a33ce45964ff2167f6ecedd419db06c1", "SHA-256, 448 bits");
	is_str(hex_of(four_blocks, strlen(four_blocks)),
	       "cf5b16a778af8380036ce59e7b049237"
	       "0b249b11e8f07a51afac45037afee9d1", "SHA-256, 896 bits");
	million = malloc(1000000);
	memset(million, 'a', 1000000);
	is_str(hex_of(million, 1000000), "cdc76e5c9914fb9281a1c7e284d73e67"
	       "f1809a48a497200e046d39ccc7112cd0", "SHA-256 of a million 'a'");
	/* Any split into updates gives the one-shot digest. */
	kctr_sha256(million, 1000, one);
	for (step = 1; step <= 130; step += 3) {
		kctr_sha256_init(&s);
		for (i = 0; i < 1000; i += step)
			kctr_sha256_update(&s, million + i,
					   i + step > 1000 ? 1000 - i : step);
		kctr_sha256_final(&s, parts);
		if (memcmp(one, parts, sizeof(one)))
			break;
	}
	ok(step > 130, "updates of 1..130 bytes agree with one call (%zu)",
	   step);
	free(million);
	return tap_done();
}

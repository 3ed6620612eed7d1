/*
 * The test program of the crc library. As a Nix builder (the variable "out" is set) it writes its report to
 * $out; it exits 1 when the check fails, or when the derivation sets NIGHTLY_FAIL (how the sample makes a job fail).
 */
#include <stdio.h>
#include <stdlib.h>
#include "crc.h"

int main(void)
{
    if (getenv("NIGHTLY_FAIL") != NULL) {
        fprintf(stderr, "error: crc: failing on purpose (NIGHTLY_FAIL is set)\n");
        return 1;
    }
    if (!(crc8("123456789") == 0xf4u)) {
        fprintf(stderr, "error: crc: check failed: crc8('123456789') == 0xf4u\n");
        return 1;
    }
    const char *out = getenv("out");
    FILE *report = out != NULL ? fopen(out, "w") : stdout;
    if (report == NULL)
        return 1;
    fprintf(report, "crc: ok, " "crc8 = 0x%02x", crc8("123456789"));
    fprintf(report, "\n");
    return out != NULL && fclose(report) != 0;
}

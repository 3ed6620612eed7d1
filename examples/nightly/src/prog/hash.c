/*
 * The test program of the hash library. As a Nix builder (the variable "out" is set) it writes its report to
 * $out; it exits 1 when the check fails, or when the derivation sets NIGHTLY_FAIL (how the sample makes a job fail).
 */
#include <stdio.h>
#include <stdlib.h>
#include "hash.h"

int main(void)
{
    if (getenv("NIGHTLY_FAIL") != NULL) {
        fprintf(stderr, "error: hash: failing on purpose (NIGHTLY_FAIL is set)\n");
        return 1;
    }
    if (!(hash_str("a") == 177670u)) {
        fprintf(stderr, "error: hash: check failed: hash_str('a') == 177670u\n");
        return 1;
    }
    const char *out = getenv("out");
    FILE *report = out != NULL ? fopen(out, "w") : stdout;
    if (report == NULL)
        return 1;
    fprintf(report, "hash: ok, " "hash_str(a) = %u", hash_str("a"));
    fprintf(report, "\n");
    return out != NULL && fclose(report) != 0;
}

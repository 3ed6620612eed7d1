/*
 * The test program of the base library. As a Nix builder (the variable "out" is set) it writes its report to
 * $out; it exits 1 when the check fails, or when the derivation sets NIGHTLY_FAIL (how the sample makes a job fail).
 */
#include <stdio.h>
#include <stdlib.h>
#include "base.h"

int main(void)
{
    if (getenv("NIGHTLY_FAIL") != NULL) {
        fprintf(stderr, "error: base: failing on purpose (NIGHTLY_FAIL is set)\n");
        return 1;
    }
    if (!(base_add(2, 3) == 5)) {
        fprintf(stderr, "error: base: check failed: base_add(2, 3) == 5\n");
        return 1;
    }
    const char *out = getenv("out");
    FILE *report = out != NULL ? fopen(out, "w") : stdout;
    if (report == NULL)
        return 1;
    fprintf(report, "base: ok, " "base_add(2, 3) = %d", base_add(2, 3));
    fprintf(report, "\n");
    return out != NULL && fclose(report) != 0;
}

/*
 * The test program of the math library. As a Nix builder (the variable "out" is set) it writes its report to
 * $out; it exits 1 when the check fails, or when the derivation sets NIGHTLY_FAIL (how the sample makes a job fail).
 */
#include <stdio.h>
#include <stdlib.h>
#include "math.h"

int main(void)
{
    if (getenv("NIGHTLY_FAIL") != NULL) {
        fprintf(stderr, "error: math: failing on purpose (NIGHTLY_FAIL is set)\n");
        return 1;
    }
    if (!(math_square(12) == 144)) {
        fprintf(stderr, "error: math: check failed: math_square(12) == 144\n");
        return 1;
    }
    const char *out = getenv("out");
    FILE *report = out != NULL ? fopen(out, "w") : stdout;
    if (report == NULL)
        return 1;
    fprintf(report, "math: ok, " "math_square(12) = %d", math_square(12));
    fprintf(report, "\n");
    return out != NULL && fclose(report) != 0;
}

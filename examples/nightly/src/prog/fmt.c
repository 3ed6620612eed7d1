/*
 * The test program of the fmt library. As a Nix builder (the variable "out" is set) it writes its report to
 * $out; it exits 1 when the check fails, or when the derivation sets NIGHTLY_FAIL (how the sample makes a job fail).
 */
#include <stdio.h>
#include <stdlib.h>
#include "fmt.h"

int main(void)
{
    if (getenv("NIGHTLY_FAIL") != NULL) {
        fprintf(stderr, "error: fmt: failing on purpose (NIGHTLY_FAIL is set)\n");
        return 1;
    }
    if (!(fmt_digits(100) == 5)) {
        fprintf(stderr, "error: fmt: check failed: fmt_digits(100) == 5\n");
        return 1;
    }
    const char *out = getenv("out");
    FILE *report = out != NULL ? fopen(out, "w") : stdout;
    if (report == NULL)
        return 1;
    fprintf(report, "fmt: ok, " "fmt_digits(100) = %d", fmt_digits(100));
    fprintf(report, "\n");
    return out != NULL && fclose(report) != 0;
}

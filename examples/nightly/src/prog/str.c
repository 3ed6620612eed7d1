/*
 * The test program of the str library. As a Nix builder (the variable "out" is set) it writes its report to
 * $out; it exits 1 when the check fails, or when the derivation sets NIGHTLY_FAIL (how the sample makes a job fail).
 */
#include <stdio.h>
#include <stdlib.h>
#include "str.h"

int main(void)
{
    if (getenv("NIGHTLY_FAIL") != NULL) {
        fprintf(stderr, "error: str: failing on purpose (NIGHTLY_FAIL is set)\n");
        return 1;
    }
    if (!(str_len("nightly") == 7)) {
        fprintf(stderr, "error: str: check failed: str_len('nightly') == 7\n");
        return 1;
    }
    const char *out = getenv("out");
    FILE *report = out != NULL ? fopen(out, "w") : stdout;
    if (report == NULL)
        return 1;
    fprintf(report, "str: ok, " "str_len = %d", str_len("nightly"));
    fprintf(report, "\n");
    return out != NULL && fclose(report) != 0;
}

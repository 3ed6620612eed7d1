/*
 * The test program of the json library. As a Nix builder (the variable "out" is set) it writes its report to
 * $out; it exits 1 when the check fails, or when the derivation sets NIGHTLY_FAIL (how the sample makes a job fail).
 */
#include <stdio.h>
#include <stdlib.h>
#include "json.h"

int main(void)
{
    if (getenv("NIGHTLY_FAIL") != NULL) {
        fprintf(stderr, "error: json: failing on purpose (NIGHTLY_FAIL is set)\n");
        return 1;
    }
    if (!(json_count("[1,2,3]") == 3)) {
        fprintf(stderr, "error: json: check failed: json_count('[1,2,3]') == 3\n");
        return 1;
    }
    const char *out = getenv("out");
    FILE *report = out != NULL ? fopen(out, "w") : stdout;
    if (report == NULL)
        return 1;
    fprintf(report, "json: ok, " "json_count = %d", json_count("[1,2,3]"));
    fprintf(report, "\n");
    return out != NULL && fclose(report) != 0;
}

/*
 * The test program of the list library. As a Nix builder (the variable "out" is set) it writes its report to
 * $out; it exits 1 when the check fails, or when the derivation sets NIGHTLY_FAIL (how the sample makes a job fail).
 */
#include <stdio.h>
#include <stdlib.h>
#include "list.h"

int main(void)
{
    if (getenv("NIGHTLY_FAIL") != NULL) {
        fprintf(stderr, "error: list: failing on purpose (NIGHTLY_FAIL is set)\n");
        return 1;
    }
    if (!(list_sum((int[]){1, 2, 3, 4}, 4) == 10)) {
        fprintf(stderr, "error: list: check failed: list_sum((int[]){1, 2, 3, 4}, 4) == 10\n");
        return 1;
    }
    const char *out = getenv("out");
    FILE *report = out != NULL ? fopen(out, "w") : stdout;
    if (report == NULL)
        return 1;
    fprintf(report, "list: ok, " "list_sum = %d", list_sum((int[]){1, 2, 3, 4}, 4));
    fprintf(report, "\n");
    return out != NULL && fclose(report) != 0;
}

/*
 * The test program of the queue library. As a Nix builder (the variable "out" is set) it writes its report to
 * $out; it exits 1 when the check fails, or when the derivation sets NIGHTLY_FAIL (how the sample makes a job fail).
 */
#include <stdio.h>
#include <stdlib.h>
#include "queue.h"

int main(void)
{
    if (getenv("NIGHTLY_FAIL") != NULL) {
        fprintf(stderr, "error: queue: failing on purpose (NIGHTLY_FAIL is set)\n");
        return 1;
    }
    if (!(queue_total(10) == 55)) {
        fprintf(stderr, "error: queue: check failed: queue_total(10) == 55\n");
        return 1;
    }
    const char *out = getenv("out");
    FILE *report = out != NULL ? fopen(out, "w") : stdout;
    if (report == NULL)
        return 1;
    fprintf(report, "queue: ok, " "queue_total(10) = %d", queue_total(10));
    fprintf(report, "\n");
    return out != NULL && fclose(report) != 0;
}

/*
 * The test program of the sort library. As a Nix builder (the variable "out" is set) it writes its report to
 * $out; it exits 1 when the check fails, or when the derivation sets NIGHTLY_FAIL (how the sample makes a job fail).
 */
#include <stdio.h>
#include <stdlib.h>
#include "sort.h"

static int sorted(void)
{
    int values[] = {5, 3, 9, 1, 7};
    sort_ints(values, 5);
    for (int i = 1; i < 5; i++)
        if (values[i - 1] > values[i])
            return 0;
    return 1;
}

int main(void)
{
    if (getenv("NIGHTLY_FAIL") != NULL) {
        fprintf(stderr, "error: sort: failing on purpose (NIGHTLY_FAIL is set)\n");
        return 1;
    }
    if (!(sorted())) {
        fprintf(stderr, "error: sort: check failed: sorted()\n");
        return 1;
    }
    const char *out = getenv("out");
    FILE *report = out != NULL ? fopen(out, "w") : stdout;
    if (report == NULL)
        return 1;
    fprintf(report, "sort: ok, " "sorted = %d", sorted());
    fprintf(report, "\n");
    return out != NULL && fclose(report) != 0;
}

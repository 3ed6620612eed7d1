/*
 * The AsterNixOS-mini test program. Runs a few deterministic checks (arithmetic, hashing, sorting,
 * floating point without libm, the machine the kernel reports, exec'ing another program) and prints a
 * report. As a Nix builder (the variable "out" is set) it writes the report to $out; run directly it
 * prints it. Usage: selftest [PROGRAM-TO-EXEC]. Exits 1 when a check fails.
 * The report holds nothing that varies between runs: no times, addresses, process ids or store paths.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#include "arch.h"

static int passed, failed;

static void check(FILE *report, const char *name, int ok, const char *detail)
{
    fprintf(report, "  %-14s %s  %s\n", name, ok ? "ok  " : "FAIL", detail);
    if (ok)
        passed++;
    else
        failed++;
}

static int compare_ints(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Runs PROGRAM, returning its first line of output in LINE. */
static int run(const char *program, char *line, size_t size)
{
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        execv(program, (char *[]){(char *)program, NULL});
        _exit(127);
    }
    close(fds[1]);
    ssize_t n = read(fds[0], line, size - 1);
    close(fds[0]);
    line[n > 0 ? n : 0] = '\0';
    line[strcspn(line, "\n")] = '\0';
    int status;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

int main(int argc, char **argv)
{
    const char *out = getenv("out");
    FILE *report = out ? fopen(out, "w") : stdout;
    if (!report) {
        perror("selftest: cannot open $out");
        return 2;
    }
    char detail[256];

    fprintf(report, "AsterNixOS-mini selftest\narch: %s\nchecks:\n", MINI_ARCH);

    unsigned long long squares = 0;
    for (unsigned long long i = 1; i <= 1000; i++)
        squares += i * i;
    snprintf(detail, sizeof detail, "sum of squares 1..1000 = %llu", squares);
    check(report, "arithmetic", squares == 333833500ULL, detail);

    unsigned int fnv = 2166136261u;
    for (const char *p = "AsterNixOS"; *p; p++)
        fnv = (fnv ^ (unsigned char)*p) * 16777619u;
    snprintf(detail, sizeof detail, "fnv1a(\"AsterNixOS\") = %08x", fnv);
    check(report, "hashing", fnv == 0x7cf0d92du, detail);

    int values[64];
    unsigned int seed = 12345;
    for (int i = 0; i < 64; i++) {
        seed = seed * 1103515245u + 12345u;
        values[i] = (int)(seed >> 16) % 1000;
    }
    qsort(values, 64, sizeof values[0], compare_ints);
    int sorted = 1;
    for (int i = 1; i < 64; i++)
        sorted &= values[i - 1] <= values[i];
    snprintf(detail, sizeof detail, "64 values, min %d max %d", values[0], values[63]);
    check(report, "sorting", sorted, detail);

    double root = 1.0;
    for (int i = 0; i < 20; i++)
        root = (root + 2.0 / root) / 2.0;
    snprintf(detail, sizeof detail, "sqrt(2) = %.9f", root);
    check(report, "floating", root > 1.414213562 && root < 1.414213563, detail);

    struct utsname name;
    int named = uname(&name) == 0;
    snprintf(detail, sizeof detail, "kernel reports %s", named ? name.machine : "nothing");
    check(report, "machine", named && strcmp(name.machine, MINI_ARCH) == 0, detail);

    if (argc > 1) {
        char line[200];
        int status = run(argv[1], line, sizeof line);
        const char *base = strrchr(argv[1], '/');
        snprintf(detail, sizeof detail, "%s said \"%s\"", base ? base + 1 : argv[1], line);
        check(report, "exec", status == 0 && strstr(line, MINI_ARCH) != NULL, detail);
    }

    fprintf(report, "result: %s (%d of %d checks passed)\n", failed ? "FAIL" : "PASS", passed, passed + failed);
    if (report != stdout && fclose(report) != 0) {
        perror("selftest: writing $out");
        return 2;
    }
    return failed ? 1 : 0;
}

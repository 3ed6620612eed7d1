/*
 * Writes a deterministic initramfs: a cpio archive in the "newc" format the Linux kernel unpacks.
 * Every entry is described on the command line, so nothing of the build machine leaks in: entries are
 * sorted by name, owned by 0:0, dated 1 (Nix's canonical mtime), numbered 1, 2, … in that order.
 *
 *   mkinitramfs OUTPUT ENTRY...
 *   ENTRY: d:NAME:MODE            a directory
 *          f:NAME:MODE:SOURCE     a regular file with SOURCE's contents
 *          c:NAME:MODE:MAJ:MIN    a character device (no privileges needed: only its header is written)
 *
 * MODE is octal permission bits. A relative OUTPUT is created inside $out (made a directory) when the
 * variable "out" is set, as it is in a Nix build.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct entry {
    char kind;
    char *name;
    unsigned long mode, major, minor;
    char *source;
};

static void die(const char *what, const char *detail)
{
    fprintf(stderr, "mkinitramfs: %s: %s\n", what, detail);
    exit(1);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

static void pad(FILE *out, unsigned long written)
{
    static const char zeros[4];
    fwrite(zeros, 1, (4 - written % 4) % 4, out);
}

static void header(FILE *out, unsigned long ino, unsigned long mode, unsigned long nlink, unsigned long size,
                   unsigned long rmajor, unsigned long rminor, const char *name)
{
    unsigned long namesize = strlen(name) + 1;
    fprintf(out, "070701%08lX%08lX%08lX%08lX%08lX%08lX%08lX%08lX%08lX%08lX%08lX%08lX%08lX",
            ino, mode, 0UL, 0UL, nlink, 1UL, size, 0UL, 0UL, rmajor, rminor, namesize, 0UL);
    fwrite(name, 1, namesize, out);
    pad(out, 110 + namesize);
}

static struct entry parse(char *spec)
{
    struct entry e = {0};
    char *fields[6] = {0};
    int n = 0;
    for (char *p = spec; n < 6 && p; n++) {
        fields[n] = p;
        p = strchr(p, ':');
        if (p)
            *p++ = '\0';
    }
    if (n < 3 || strlen(fields[0]) != 1)
        die("bad entry", spec);
    e.kind = fields[0][0];
    e.name = fields[1];
    e.mode = strtoul(fields[2], NULL, 8) & 07777;
    if (e.kind == 'f' && n == 4)
        e.source = fields[3];
    else if (e.kind == 'c' && n == 5) {
        e.major = strtoul(fields[3], NULL, 10);
        e.minor = strtoul(fields[4], NULL, 10);
    } else if (e.kind != 'd' || n != 3)
        die("bad entry", e.name);
    return e;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        die("usage", "mkinitramfs OUTPUT ENTRY...");
    const char *outDir = getenv("out");
    char path[4096];
    if (argv[1][0] != '/' && outDir) {
        if (mkdir(outDir, 0755) != 0 && errno != EEXIST)
            die(outDir, strerror(errno));
        snprintf(path, sizeof path, "%s/%s", outDir, argv[1]);
    } else
        snprintf(path, sizeof path, "%s", argv[1]);

    int count = argc - 2;
    struct entry *entries = calloc((size_t)count + 1, sizeof *entries);
    for (int i = 0; i < count; i++)
        entries[i] = parse(argv[i + 2]);
    qsort(entries, (size_t)count, sizeof *entries, by_name);

    FILE *out = fopen(path, "wb");
    if (!out)
        die(path, strerror(errno));
    for (int i = 0; i < count; i++) {
        struct entry *e = &entries[i];
        if (i > 0 && strcmp(entries[i - 1].name, e->name) == 0)
            die("duplicate entry", e->name);
        if (e->kind == 'd')
            header(out, i + 1, 0040000 | e->mode, 2, 0, 0, 0, e->name);
        else if (e->kind == 'c')
            header(out, i + 1, 0020000 | e->mode, 1, 0, e->major, e->minor, e->name);
        else {
            FILE *in = fopen(e->source, "rb");
            if (!in)
                die(e->source, strerror(errno));
            fseek(in, 0, SEEK_END);
            long size = ftell(in);
            rewind(in);
            header(out, i + 1, 0100000 | e->mode, 1, (unsigned long)size, 0, 0, e->name);
            char buffer[65536];
            size_t n;
            while ((n = fread(buffer, 1, sizeof buffer, in)) > 0)
                fwrite(buffer, 1, n, out);
            fclose(in);
            pad(out, (unsigned long)size);
        }
    }
    header(out, 0, 0, 1, 0, 0, 0, "TRAILER!!!");
    if (fclose(out) != 0)
        die(path, strerror(errno));
    return 0;
}

/* The fmt library of the nightly sample. */
#ifndef NIGHTLY_FMT_H
#define NIGHTLY_FMT_H
int fmt_digits(int x);
#endif

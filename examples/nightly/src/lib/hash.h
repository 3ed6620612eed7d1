/* The hash library of the nightly sample. */
#ifndef NIGHTLY_HASH_H
#define NIGHTLY_HASH_H
unsigned hash_str(const char *s);
#endif

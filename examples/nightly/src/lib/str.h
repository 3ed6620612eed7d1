/* The str library of the nightly sample. */
#ifndef NIGHTLY_STR_H
#define NIGHTLY_STR_H
int str_len(const char *s);
#endif

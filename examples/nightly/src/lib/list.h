/* The list library of the nightly sample. */
#ifndef NIGHTLY_LIST_H
#define NIGHTLY_LIST_H
int list_sum(const int *values, int count);
#endif

/* The sort library of the nightly sample. */
#ifndef NIGHTLY_SORT_H
#define NIGHTLY_SORT_H
void sort_ints(int *values, int count);
#endif

/* The base library of the nightly sample. */
#ifndef NIGHTLY_BASE_H
#define NIGHTLY_BASE_H
int base_add(int a, int b);
#endif

/* The math library of the nightly sample. */
#ifndef NIGHTLY_MATH_H
#define NIGHTLY_MATH_H
int math_square(int x);
#endif

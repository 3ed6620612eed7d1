/* The queue library of the nightly sample. */
#ifndef NIGHTLY_QUEUE_H
#define NIGHTLY_QUEUE_H
int queue_total(int n);
#endif

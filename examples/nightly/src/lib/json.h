/* The json library of the nightly sample. */
#ifndef NIGHTLY_JSON_H
#define NIGHTLY_JSON_H
int json_count(const char *text);
#endif

/* The crc library of the nightly sample. */
#ifndef NIGHTLY_CRC_H
#define NIGHTLY_CRC_H
unsigned crc8(const char *s);
#endif

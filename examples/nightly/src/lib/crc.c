#include <stdio.h>
#include "base.h"
#include "crc.h"

unsigned crc8(const char *s)
{
    unsigned crc = 0;
    for (; *s != 0; s++) {
        crc ^= (unsigned char)*s;
        for (int bit = 0; bit < 8; bit++)
            crc = (crc & 0x80u) != 0 ? ((crc << 1) ^ 0x07u) & 0xffu : (crc << 1) & 0xffu;
    }
    return (unsigned)base_add((int)crc, 0);
}

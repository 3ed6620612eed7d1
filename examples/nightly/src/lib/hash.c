#include <stdio.h>
#include "str.h"
#include "hash.h"

unsigned hash_str(const char *s)
{
    unsigned h = 5381;
    for (int i = 0; i < str_len(s); i++)
        h = h * 33u + (unsigned char)s[i];
    return h;
}

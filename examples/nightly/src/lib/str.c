#include <stdio.h>
#include "base.h"
#include "str.h"

int str_len(const char *s)
{
    int n = 0;
    while (s[n] != 0)
        n = base_add(n, 1);
    return n;
}

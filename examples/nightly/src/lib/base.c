#include <stdio.h>
#include "base.h"

int base_add(int a, int b)
{
    return a + b;
}

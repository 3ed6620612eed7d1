#include <stdio.h>
#include "base.h"
#include "math.h"

int math_square(int x)
{
    int r = 0;
    for (int i = 0; i < x; i++)
        r = base_add(r, x);
    return r;
}

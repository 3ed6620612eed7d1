#include <stdio.h>
#include "base.h"
#include "list.h"

int list_sum(const int *values, int count)
{
    int total = 0;
    for (int i = 0; i < count; i++)
        total = base_add(total, values[i]);
    return total;
}

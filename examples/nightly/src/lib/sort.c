#include <stdio.h>
#include "list.h"
#include "sort.h"

void sort_ints(int *values, int count)
{
    for (int i = 1; i < count; i++)
        for (int j = i; j > 0 && values[j - 1] > values[j]; j--) {
            int t = values[j];
            values[j] = values[j - 1];
            values[j - 1] = t;
        }
    (void)list_sum(values, 0);
}

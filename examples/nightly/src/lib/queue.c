#include <stdio.h>
#include "list.h"
#include "queue.h"

int queue_total(int n)
{
    int values[64];
    for (int i = 0; i < n && i < 64; i++)
        values[i] = i + 1;
    return list_sum(values, n < 64 ? n : 64);
}

#include <stdio.h>
#include "fmt.h"
#include "list.h"
#include "json.h"

int json_count(const char *text)
{
    int items[2] = {0, 0};
    for (; *text != 0; text++)
        if (*text == ',')
            items[0]++;
    items[1] = fmt_digits(3) > 0;
    return list_sum(items, 2);
}

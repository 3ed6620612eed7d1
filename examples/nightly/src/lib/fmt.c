#include <stdio.h>
#include "str.h"
#include "math.h"
#include "fmt.h"

int fmt_digits(int x)
{
    char text[32];
    snprintf(text, sizeof text, "%d", math_square(x));
    return str_len(text);
}

/* The shell-less hello of AsterNixOS-mini: one line, no libc beyond write(2). */
#include <string.h>
#include <unistd.h>
#include "arch.h"

int main(void)
{
    static const char line[] = "Hello from AsterNixOS-mini on " MINI_ARCH "\n";
    return write(STDOUT_FILENO, line, strlen(line)) == (ssize_t)strlen(line) ? 0 : 1;
}

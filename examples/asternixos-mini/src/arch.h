/* The architecture this program was compiled for, as the image names it. */
#ifndef ASTERNIXOS_MINI_ARCH_H
#define ASTERNIXOS_MINI_ARCH_H

#if defined(__x86_64__)
#define MINI_ARCH "x86_64"
#elif defined(__aarch64__)
#define MINI_ARCH "aarch64"
#elif defined(__riscv) && __riscv_xlen == 64
#define MINI_ARCH "riscv64"
#else
#error "asternixos-mini supports x86_64, aarch64 and riscv64"
#endif

#endif

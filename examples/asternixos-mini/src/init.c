/*
 * /init of the AsterNixOS-mini initramfs: greets, runs /bin/hello and /bin/selftest, shows the report
 * the build recorded, then powers off when it is PID 1 (or just exits when run as a normal program).
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <unistd.h>
#include "arch.h"

static int spawn(const char *program, char *argument)
{
    pid_t pid = fork();
    if (pid == 0) {
        execv(program, (char *[]){(char *)program, argument, NULL});
        perror(program);
        _exit(127);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) < 0)
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

static void show(const char *path)
{
    char buffer[4096];
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return;
    ssize_t n;
    while ((n = read(fd, buffer, sizeof buffer)) > 0)
        fwrite(buffer, 1, (size_t)n, stdout);
    close(fd);
}

int main(void)
{
    printf("AsterNixOS-mini (" MINI_ARCH ") init\n");
    fflush(stdout);
    int hello = spawn("/bin/hello", NULL);
    int selftest = spawn("/bin/selftest", "/bin/hello");
    printf("recorded at build time:\n");
    show("/etc/selftest-report");
    printf("init: hello %d, selftest %d\n", hello, selftest);
    fflush(stdout);
    if (getpid() == 1) {
        sync();
        reboot(RB_POWER_OFF);
    }
    return hello == 0 && selftest == 0 ? 0 : 1;
}

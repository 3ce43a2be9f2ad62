/* Single-steps a snippet on the host with RFLAGS.TF and prints where each trap left RIP: an offset
 * into the snippet, or "out" once it has returned. The snippet (hex, argv[1]) is copied to a fixed
 * read-write-execute page and called; it may use only caller-saved registers and must end with ret.
 * Built with -mno-red-zone: the call from inline assembly pushes below the stack pointer. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

#define BASE 0x70000000UL
#define SIZE 0x2000UL
#define MAX_TRAPS 4096

static unsigned long traps[MAX_TRAPS];
static int count;

static void on_trap(int sig, siginfo_t *info, void *context)
{
    (void)sig;
    (void)info;
    if (count < MAX_TRAPS) traps[count++] = (unsigned long)((ucontext_t *)context)->uc_mcontext.gregs[REG_RIP];
}

int main(int argc, char **argv)
{
    if (argc != 2) return 2;
    unsigned char *page = mmap((void *)BASE, SIZE, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (page == MAP_FAILED) return 3;
    size_t length = strlen(argv[1]) / 2;
    for (size_t i = 0; i < length; i++) {
        unsigned int byte;
        sscanf(argv[1] + 2 * i, "%2x", &byte);
        page[i] = (unsigned char)byte;
    }
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_trap;
    action.sa_flags = SA_SIGINFO;
    sigaction(SIGTRAP, &action, NULL);
    __asm__ volatile("pushfq\n\torq $0x100, (%%rsp)\n\tpopfq\n\tcall *%0\n\tpushfq\n\tandq $~0x100, (%%rsp)\n\tpopfq"
                     :
                     : "r"(page)
                     : "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "memory", "cc");
    /* The first trap follows the call itself; it is not the snippet's. */
    for (int i = 1; i < count; i++) {
        if (traps[i] >= BASE && traps[i] < BASE + SIZE) printf("%lx\n", traps[i] - BASE);
        else {
            printf("out\n");
            break;
        }
    }
    return 0;
}

/*
 * isarunner: runs single x86-64 instruction snippets on the host processor, for the differential
 * ISA tests. Reads cases from stdin and writes one result per case to stdout (binary, little-endian;
 * the layout is described in test/isa/support/protocol.ts, which encodes and decodes it).
 *
 * For each case the snippet is copied to CODE_ADDRESS in a page otherwise filled with int3 (0xcc),
 * the scratch pages at SCRATCH_ADDRESS receive the case's memory, and isa_enter loads the x87 state
 * (FXRSTOR of an image holding it, MXCSR and XMM0-15), RFLAGS, XMM0-15, MXCSR and all sixteen GPRs (RSP included: the snippet's stack is wherever the case says) and jumps
 * to the snippet. Whatever stops it arrives as a signal: the int3 after the snippet (or wherever a
 * branch lands) as SIGTRAP, a fault as SIGSEGV/SIGBUS/SIGFPE/SIGILL. The handler runs on an alternate
 * stack, so the snippet's stack and red zone are never touched; it copies the interrupted state out
 * of the ucontext (the x87 state as the kernel saved it, in FXSAVE layout) and siglongjmps back to
 * the loop. The kernel clears DF and resets the FPU state
 * (MXCSR 0x1f80) for a handler, so the C code never runs with the snippet's DF or rounding mode.
 *
 * Built by the test harness with -DSCRATCH_ADDRESS=... -DCODE_ADDRESS=... -DSCRATCH_SIZE=...
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <ucontext.h>
#include <unistd.h>

#define PAGE 4096
#define CHUNK 64
#define CHUNKS (SCRATCH_SIZE / CHUNK)
#define MAX_CODE PAGE
#define TIMEOUT_SIGNAL (-1)
#define INT3 0xcc
/* RFLAGS bits a case may set: the six status flags and DF (no TF, no AC: they would trap the runner). */
#define LOADABLE_FLAGS 0x0cd5u
#define FIXED_FLAGS 0x0202u
/* The x87 part of the FXSAVE image (through ST7); MXCSR and its mask at 24-31 are not part of it. */
#define X87_SIZE 160
#define MXCSR_OFFSET 24
#define XMM_OFFSET 160

struct regs {
    uint64_t gpr[16]; /* rax rcx rdx rbx rsp rbp rsi rdi r8..r15 */
    uint64_t rflags;
    uint32_t mxcsr;
    uint32_t pad;
    uint8_t xmm[256];
    uint8_t x87[X87_SIZE]; /* the first bytes of an FXSAVE image: FCW FSW FTW FOP FIP FDP, then ST0-7 */
};

_Static_assert(sizeof(struct regs) == 400 + X87_SIZE, "regs layout is shared with protocol.ts");

struct outcome {
    uint64_t rip;
    int32_t signal;
    int32_t code;
    uint64_t address;
};

static struct regs input;
static struct regs output;
static struct outcome outcome;
static sigjmp_buf back;
/* Set while a snippet runs: a signal at any other time is a bug of the runner itself. */
static volatile sig_atomic_t running;
static uint8_t *scratch = (uint8_t *)SCRATCH_ADDRESS;
static uint8_t *code = (uint8_t *)CODE_ADDRESS;
static uint8_t memory_in[SCRATCH_SIZE];
static uint8_t alt_stack[1 << 16];
/* Read by isa_enter: the snippet's entry point, and a private stack for POPFQ. */
uint64_t isa_code_entry = CODE_ADDRESS;
uint8_t isa_flags_stack[256] __attribute__((aligned(16)));
/* The FXSAVE image isa_enter restores first: the case's x87 state, MXCSR and XMM registers. */
uint8_t isa_fx_image[512] __attribute__((aligned(16)));

void isa_enter(struct regs *r) __attribute__((noreturn));

__asm__(
    ".text\n"
    ".globl isa_enter\n"
    "isa_enter:\n"
    "  fxrstor64 isa_fx_image(%rip)\n"
    "  leaq isa_flags_stack+128(%rip), %rsp\n"
    "  pushq 128(%rdi)\n"
    "  popfq\n"
    "  ldmxcsr 136(%rdi)\n"
    "  movdqu 144(%rdi), %xmm0\n"
    "  movdqu 160(%rdi), %xmm1\n"
    "  movdqu 176(%rdi), %xmm2\n"
    "  movdqu 192(%rdi), %xmm3\n"
    "  movdqu 208(%rdi), %xmm4\n"
    "  movdqu 224(%rdi), %xmm5\n"
    "  movdqu 240(%rdi), %xmm6\n"
    "  movdqu 256(%rdi), %xmm7\n"
    "  movdqu 272(%rdi), %xmm8\n"
    "  movdqu 288(%rdi), %xmm9\n"
    "  movdqu 304(%rdi), %xmm10\n"
    "  movdqu 320(%rdi), %xmm11\n"
    "  movdqu 336(%rdi), %xmm12\n"
    "  movdqu 352(%rdi), %xmm13\n"
    "  movdqu 368(%rdi), %xmm14\n"
    "  movdqu 384(%rdi), %xmm15\n"
    "  movq 0(%rdi), %rax\n"
    "  movq 8(%rdi), %rcx\n"
    "  movq 16(%rdi), %rdx\n"
    "  movq 24(%rdi), %rbx\n"
    "  movq 32(%rdi), %rsp\n"
    "  movq 40(%rdi), %rbp\n"
    "  movq 48(%rdi), %rsi\n"
    "  movq 64(%rdi), %r8\n"
    "  movq 72(%rdi), %r9\n"
    "  movq 80(%rdi), %r10\n"
    "  movq 88(%rdi), %r11\n"
    "  movq 96(%rdi), %r12\n"
    "  movq 104(%rdi), %r13\n"
    "  movq 112(%rdi), %r14\n"
    "  movq 120(%rdi), %r15\n"
    "  movq 56(%rdi), %rdi\n"
    "  jmp *isa_code_entry(%rip)\n");

static const int GREG_OF_GPR[16] = {
    REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP, REG_RSI, REG_RDI,
    REG_R8, REG_R9, REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15,
};

static void die(const char *what) {
    perror(what);
    exit(2);
}

static int is_stop_marker(uint64_t rip) {
    return rip > CODE_ADDRESS && rip <= CODE_ADDRESS + PAGE && code[rip - 1 - CODE_ADDRESS] == INT3;
}

static void on_signal(int sig, siginfo_t *info, void *context) {
    if (!running) {
        if (sig != SIGALRM) signal(sig, SIG_DFL); /* returning re-raises the runner's own fault, uncaught */
        return;
    }
    running = 0;
    ucontext_t *uc = context;
    const greg_t *g = uc->uc_mcontext.gregs;
    for (int i = 0; i < 16; i++) output.gpr[i] = (uint64_t)g[GREG_OF_GPR[i]];
    output.rflags = (uint64_t)g[REG_EFL];
    output.mxcsr = uc->uc_mcontext.fpregs->mxcsr;
    memcpy(output.xmm, uc->uc_mcontext.fpregs->_xmm, sizeof output.xmm);
    memcpy(output.x87, uc->uc_mcontext.fpregs, X87_SIZE);
    memset(output.x87 + MXCSR_OFFSET, 0, 8);
    uint64_t rip = (uint64_t)g[REG_RIP];
    if (sig == SIGTRAP && info->si_code == SI_KERNEL && is_stop_marker(rip)) {
        outcome = (struct outcome){ .rip = rip - 1, .signal = 0 };
    } else if (sig == SIGALRM) {
        outcome = (struct outcome){ .rip = rip, .signal = TIMEOUT_SIGNAL };
    } else {
        outcome = (struct outcome){ .rip = rip, .signal = sig, .code = info->si_code, .address = (uint64_t)info->si_addr };
    }
    siglongjmp(back, 1);
}

static void install_handlers(void) {
    stack_t ss = { .ss_sp = alt_stack, .ss_size = sizeof alt_stack };
    if (sigaltstack(&ss, NULL) != 0) die("sigaltstack");
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_signal;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigfillset(&sa.sa_mask);
    const int signals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGALRM };
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++)
        if (sigaction(signals[i], &sa, NULL) != 0) die("sigaction");
}

static void map_fixed(void *at, size_t length, int prot) {
    void *p = mmap(at, length, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (p != at) die("mmap");
}

static void read_exact(void *to, size_t n) {
    if (n > 0 && fread(to, 1, n, stdin) != n) die("truncated case");
}

/* The chunks of `now` that differ from `before`: a bitmap with one bit per 64-byte chunk, then those chunks. */
static void write_changes(const uint8_t *before, const uint8_t *now) {
    uint8_t mask[CHUNKS / 8] = { 0 };
    for (int c = 0; c < CHUNKS; c++)
        if (memcmp(before + c * CHUNK, now + c * CHUNK, CHUNK) != 0) mask[c / 8] |= (uint8_t)(1u << (c % 8));
    fwrite(mask, 1, sizeof mask, stdout);
    for (int c = 0; c < CHUNKS; c++)
        if (mask[c / 8] & (1u << (c % 8))) fwrite(now + c * CHUNK, 1, CHUNK, stdout);
}

static void read_changes(uint8_t *into) {
    uint8_t mask[CHUNKS / 8];
    read_exact(mask, sizeof mask);
    for (int c = 0; c < CHUNKS; c++)
        if (mask[c / 8] & (1u << (c % 8))) read_exact(into + c * CHUNK, CHUNK);
}

static const int SECOND_PAGE_PROT[] = { PROT_READ | PROT_WRITE, PROT_READ, PROT_NONE };

static void set_second_page(uint32_t mode) {
    if (mode > 2) {
        fprintf(stderr, "bad second-page mode %u\n", mode);
        exit(2);
    }
    if (mprotect(scratch + PAGE, SCRATCH_SIZE - PAGE, SECOND_PAGE_PROT[mode]) != 0) die("mprotect");
}

static void arm_watchdog(long usec) {
    struct itimerval t = { .it_value = { .tv_sec = usec / 1000000, .tv_usec = usec % 1000000 } };
    setitimer(ITIMER_REAL, &t, NULL);
}

/* After a snippet: AC and DF off in case a case managed to set them (the kernel clears DF only). */
static void sanitize_flags(void) {
    __asm__ volatile("pushfq\n andq $~0x40400, (%%rsp)\n popfq" ::: "memory", "cc");
}

static void run_case(uint32_t length, uint32_t second_page) {
    memset(code, INT3, PAGE);
    read_exact(code, length);
    read_exact(&input, sizeof input);
    read_changes(memory_in);
    input.rflags = (input.rflags & LOADABLE_FLAGS) | FIXED_FLAGS;
    input.mxcsr &= 0xffff;
    memset(isa_fx_image, 0, sizeof isa_fx_image);
    memcpy(isa_fx_image, input.x87, X87_SIZE);
    memcpy(isa_fx_image + MXCSR_OFFSET, &input.mxcsr, 4);
    memcpy(isa_fx_image + XMM_OFFSET, input.xmm, sizeof input.xmm);

    set_second_page(0);
    memcpy(scratch, memory_in, SCRATCH_SIZE);
    if (second_page != 0) set_second_page(second_page);

    arm_watchdog(500000);
    if (sigsetjmp(back, 1) == 0) {
        running = 1;
        isa_enter(&input);
    }
    arm_watchdog(0);
    sanitize_flags();
    if (second_page != 0) set_second_page(0);

    fwrite(&output, 1, sizeof output, stdout);
    fwrite(&outcome, 1, sizeof outcome, stdout);
    write_changes(memory_in, scratch);
}

int main(void) {
    static char out_buffer[1 << 20];
    setvbuf(stdout, out_buffer, _IOFBF, sizeof out_buffer);
    map_fixed(scratch, SCRATCH_SIZE, PROT_READ | PROT_WRITE);
    map_fixed(code, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC);
    install_handlers();
    uint32_t header[2];
    while (fread(header, sizeof header[0], 2, stdin) == 2) {
        if (header[0] > MAX_CODE) {
            fprintf(stderr, "snippet of %u bytes is too long\n", header[0]);
            return 2;
        }
        run_case(header[0], header[1]);
    }
    fflush(stdout);
    return 0;
}

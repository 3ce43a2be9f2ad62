/*
 * Host oracle for the softfloat tests: performs one x87 or SSE operation per
 * input line on the real FPU and prints the result bits and the status.
 *
 * Input:  <op> <control hex> <operand hex>...
 *   x87 operands are 80-bit values written as 20 hex digits (sign+exponent
 *   then significand); the control is the x87 control word. Binary x87 ops
 *   load the first operand into ST(0) and the second into ST(1).
 *   fpatan/fyl2x/fyl2xp1 therefore take x first and y second.
 *   SSE operands are 8 or 16 hex digits; the control is MXCSR. Binary SSE
 *   ops compute a = a op b; sqrtsd/sqrtss take the square root of b.
 *   roundsd/roundss take the immediate (hex) before the operand.
 *   Two-result ops (fxtract, fptan, fsincos) print ST(0) then ST(1).
 * Output: <result hex>... <status hex>
 *   x87 status is the status word masked to C3 C2 C1 C0 and the six flags;
 *   fcomi/fucomi/comis/ucomis print ZF PF CF as 0x40 0x04 0x01 bits;
 *   SSE status is the MXCSR flag bits 0..5.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct { uint64_t lo; uint16_t hi; } f80;

static f80 parse80(const char *s) {
  f80 v; char hi[5]; memcpy(hi, s, 4); hi[4] = 0;
  v.hi = (uint16_t)strtoul(hi, NULL, 16);
  v.lo = strtoull(s + 4, NULL, 16);
  return v;
}

static void print80(const f80 *v) { printf("%04x%016llx ", v->hi, (unsigned long long)v->lo); }

#define SW_MASK 0x473f
#define MXCSR_DEFAULT 0x1f80u

/* the status word ends every x87 line */
static int end_x87(uint16_t sw) { printf("%x\n", sw & SW_MASK); return 1; }

/* ST(0)=a, ST(1)=b; op leaves the result in ST(0) */
#define X87_BINARY(name, insn)                                                   \
  static uint16_t name(uint16_t cw, const f80 *a, const f80 *b, f80 *r) {        \
    uint16_t sw;                                                                  \
    __asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[b]\n\tfldt %[a]\n\t" insn  \
                     "\n\tfnstsw %[sw]\n\tfstpt %[r]\n\tfninit"                   \
                     : [sw] "=m"(sw), [r] "=m"(*r)                                \
                     : [cw] "m"(cw), [a] "m"(*a), [b] "m"(*b)                     \
                     : "memory");                                                 \
    return sw;                                                                    \
  }

/* one operand in ST(0); op leaves one result in ST(0) */
#define X87_UNARY(name, insn)                                                    \
  static uint16_t name(uint16_t cw, const f80 *a, f80 *r) {                      \
    uint16_t sw;                                                                  \
    __asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[a]\n\t" insn               \
                     "\n\tfnstsw %[sw]\n\tfstpt %[r]\n\tfninit"                   \
                     : [sw] "=m"(sw), [r] "=m"(*r)                                \
                     : [cw] "m"(cw), [a] "m"(*a)                                  \
                     : "memory");                                                 \
    return sw;                                                                    \
  }

/* one operand; op pushes, leaving two results: r0=ST(0), r1=ST(1) */
#define X87_UNARY2(name, insn)                                                   \
  static uint16_t name(uint16_t cw, const f80 *a, f80 *r0, f80 *r1) {            \
    uint16_t sw;                                                                  \
    __asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[a]\n\t" insn               \
                     "\n\tfnstsw %[sw]\n\tfstpt %[r0]\n\tfstpt %[r1]\n\tfninit"   \
                     : [sw] "=m"(sw), [r0] "=m"(*r0), [r1] "=m"(*r1)              \
                     : [cw] "m"(cw), [a] "m"(*a)                                  \
                     : "memory");                                                 \
    return sw;                                                                    \
  }

/* status only, no result popped */
#define X87_COMPARE(name, insn)                                                  \
  static uint16_t name(uint16_t cw, const f80 *a, const f80 *b) {                \
    uint16_t sw;                                                                  \
    __asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[b]\n\tfldt %[a]\n\t" insn  \
                     "\n\tfnstsw %[sw]\n\tfninit"                                 \
                     : [sw] "=m"(sw)                                              \
                     : [cw] "m"(cw), [a] "m"(*a), [b] "m"(*b)                     \
                     : "memory");                                                 \
    return sw;                                                                    \
  }

#define X87_COMPARE_FLAGS(name, insn)                                            \
  static uint16_t name(uint16_t cw, const f80 *a, const f80 *b, uint8_t *fl) {   \
    uint16_t sw; uint16_t ax;                                                     \
    __asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[b]\n\tfldt %[a]\n\t" insn  \
                     "\n\tlahf\n\tfnstsw %[sw]\n\tfninit"                         \
                     : [sw] "=m"(sw), "=a"(ax)                                    \
                     : [cw] "m"(cw), [a] "m"(*a), [b] "m"(*b)                     \
                     : "memory", "cc");                                           \
    *fl = (uint8_t)((ax >> 8) & 0x45);                                            \
    return sw;                                                                    \
  }

X87_BINARY(x_fadd, "fadd %%st(1), %%st")
X87_BINARY(x_fsub, "fsub %%st(1), %%st")
X87_BINARY(x_fmul, "fmul %%st(1), %%st")
X87_BINARY(x_fdiv, "fdiv %%st(1), %%st")
X87_BINARY(x_fprem, "fprem")
X87_BINARY(x_fprem1, "fprem1")
X87_BINARY(x_fscale, "fscale")
/* these pop: ST(1) op ST(0) -> new ST(0), which fstpt stores; nothing may run before fnstsw (an FLD would clear C1) */
X87_BINARY(x_fpatan, "fpatan")
X87_BINARY(x_fyl2x, "fyl2x")
X87_BINARY(x_fyl2xp1, "fyl2xp1")
X87_UNARY(x_fsqrt, "fsqrt")
X87_UNARY(x_frndint, "frndint")
X87_UNARY(x_f2xm1, "f2xm1")
X87_UNARY(x_fsin, "fsin")
X87_UNARY(x_fcos, "fcos")
X87_UNARY2(x_fxtract, "fxtract")
X87_UNARY2(x_fptan, "fptan")
X87_UNARY2(x_fsincos, "fsincos")
X87_COMPARE(x_fcom, "fcom %%st(1)")
X87_COMPARE(x_fucom, "fucom %%st(1)")
X87_COMPARE(x_fxam, "fxam")
X87_COMPARE(x_ftst, "ftst")
X87_COMPARE_FLAGS(x_fcomi, "fcomi %%st(1), %%st")
X87_COMPARE_FLAGS(x_fucomi, "fucomi %%st(1), %%st")

#define X87_STORE(name, type, insn)                                              \
  static uint16_t name(uint16_t cw, const f80 *a, type *r) {                     \
    uint16_t sw;                                                                  \
    __asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[a]\n\t" insn " %[r]"       \
                     "\n\tfnstsw %[sw]\n\tfninit"                                 \
                     : [sw] "=m"(sw), [r] "=m"(*r)                                \
                     : [cw] "m"(cw), [a] "m"(*a)                                  \
                     : "memory");                                                 \
    return sw;                                                                    \
  }
X87_STORE(x_fst32, uint32_t, "fsts")
X87_STORE(x_fst64, uint64_t, "fstl")
X87_STORE(x_fist16, uint16_t, "fists")
X87_STORE(x_fist32, uint32_t, "fistl")
X87_STORE(x_fist64, uint64_t, "fistpll")
X87_STORE(x_fisttp16, uint16_t, "fisttps")
X87_STORE(x_fisttp32, uint32_t, "fisttpl")
X87_STORE(x_fisttp64, uint64_t, "fisttpll")

#define X87_LOAD(name, type, insn)                                               \
  static uint16_t name(uint16_t cw, type v, f80 *r) {                            \
    uint16_t sw;                                                                  \
    __asm__ volatile("fninit\n\tfldcw %[cw]\n\t" insn " %[v]\n\tfnstsw %[sw]"    \
                     "\n\tfstpt %[r]\n\tfninit"                                   \
                     : [sw] "=m"(sw), [r] "=m"(*r) : [cw] "m"(cw), [v] "m"(v)     \
                     : "memory");                                                 \
    return sw;                                                                    \
  }
X87_LOAD(x_fld32, uint32_t, "flds")
X87_LOAD(x_fld64, uint64_t, "fldl")
X87_LOAD(x_fild16, uint16_t, "filds")
X87_LOAD(x_fild32, uint32_t, "fildl")
X87_LOAD(x_fild64, uint64_t, "fildll")

/* SSE scalar binary: a = a op b */
#define SSE_BINARY(name, type, mov, insn)                                        \
  static uint32_t name(uint32_t mxcsr, type a, type b, type *r) {                \
    uint32_t out; type res;                                                       \
    __asm__ volatile("ldmxcsr %[m]\n\t" mov " %[a], %%xmm0\n\t" mov " %[b], %%xmm1\n\t" \
                     insn " %%xmm1, %%xmm0\n\t" mov " %%xmm0, %[r]\n\t"          \
                     "stmxcsr %[o]\n\tldmxcsr %[d]"                               \
                     : [o] "=m"(out), [r] "=m"(res)                               \
                     : [m] "m"(mxcsr), [a] "m"(a), [b] "m"(b), [d] "m"(mxcsr_default) \
                     : "xmm0", "xmm1", "memory");                                 \
    *r = res;                                                                     \
    return out & 0x3f;                                                            \
  }
static const uint32_t mxcsr_default = MXCSR_DEFAULT;
/* one list of ops makes both their sd and ss forms, here and in ops[] */
#define SSE_BINARY_OPS(X) X(add) X(sub) X(mul) X(div) X(sqrt) X(min) X(max)
#define SSE_BINARY_PAIR(op)                                                      \
  SSE_BINARY(s_##op##sd, uint64_t, "movq", #op "sd")                             \
  SSE_BINARY(s_##op##ss, uint32_t, "movd", #op "ss")
SSE_BINARY_OPS(SSE_BINARY_PAIR)

#define SSE_CONVERT(name, tin, tout, movin, insn, outreg, movout)                \
  static uint32_t name(uint32_t mxcsr, tin a, tout *r) {                         \
    uint32_t out; tout res;                                                       \
    __asm__ volatile("ldmxcsr %[m]\n\t" movin "\n\t" insn "\n\t" movout "\n\t"   \
                     "stmxcsr %[o]\n\tldmxcsr %[d]"                               \
                     : [o] "=m"(out), [r] "=m"(res)                               \
                     : [m] "m"(mxcsr), [a] "m"(a), [d] "m"(mxcsr_default)         \
                     : "xmm0", "rax", "memory");                                  \
    *r = res;                                                                     \
    return out & 0x3f;                                                            \
  }
SSE_CONVERT(s_cvtsd2ss, uint64_t, uint32_t, "movq %[a], %%xmm0", "cvtsd2ss %%xmm0, %%xmm0", , "movd %%xmm0, %[r]")
SSE_CONVERT(s_cvtss2sd, uint32_t, uint64_t, "movd %[a], %%xmm0", "cvtss2sd %%xmm0, %%xmm0", , "movq %%xmm0, %[r]")
SSE_CONVERT(s_cvtsd2si32, uint64_t, uint32_t, "movq %[a], %%xmm0", "cvtsd2si %%xmm0, %%eax", , "movl %%eax, %[r]")
SSE_CONVERT(s_cvtsd2si64, uint64_t, uint64_t, "movq %[a], %%xmm0", "cvtsd2si %%xmm0, %%rax", , "movq %%rax, %[r]")
SSE_CONVERT(s_cvttsd2si32, uint64_t, uint32_t, "movq %[a], %%xmm0", "cvttsd2si %%xmm0, %%eax", , "movl %%eax, %[r]")
SSE_CONVERT(s_cvttsd2si64, uint64_t, uint64_t, "movq %[a], %%xmm0", "cvttsd2si %%xmm0, %%rax", , "movq %%rax, %[r]")
SSE_CONVERT(s_cvtss2si32, uint32_t, uint32_t, "movd %[a], %%xmm0", "cvtss2si %%xmm0, %%eax", , "movl %%eax, %[r]")
SSE_CONVERT(s_cvtss2si64, uint32_t, uint64_t, "movd %[a], %%xmm0", "cvtss2si %%xmm0, %%rax", , "movq %%rax, %[r]")
SSE_CONVERT(s_cvttss2si32, uint32_t, uint32_t, "movd %[a], %%xmm0", "cvttss2si %%xmm0, %%eax", , "movl %%eax, %[r]")
SSE_CONVERT(s_cvttss2si64, uint32_t, uint64_t, "movd %[a], %%xmm0", "cvttss2si %%xmm0, %%rax", , "movq %%rax, %[r]")
SSE_CONVERT(s_cvtsi2sd32, uint32_t, uint64_t, "movl %[a], %%eax", "pxor %%xmm0, %%xmm0\n\tcvtsi2sdl %%eax, %%xmm0", , "movq %%xmm0, %[r]")
SSE_CONVERT(s_cvtsi2sd64, uint64_t, uint64_t, "movq %[a], %%rax", "pxor %%xmm0, %%xmm0\n\tcvtsi2sdq %%rax, %%xmm0", , "movq %%xmm0, %[r]")
SSE_CONVERT(s_cvtsi2ss32, uint32_t, uint32_t, "movl %[a], %%eax", "pxor %%xmm0, %%xmm0\n\tcvtsi2ssl %%eax, %%xmm0", , "movd %%xmm0, %[r]")
SSE_CONVERT(s_cvtsi2ss64, uint64_t, uint32_t, "movq %[a], %%rax", "pxor %%xmm0, %%xmm0\n\tcvtsi2ssq %%rax, %%xmm0", , "movd %%xmm0, %[r]")

#define SSE_ROUND_CASE(imm, insn, mov)                                           \
  case imm:                                                                       \
    __asm__ volatile("ldmxcsr %[m]\n\t" mov " %[a], %%xmm0\n\t" insn " $" #imm ", %%xmm0, %%xmm0\n\t" \
                     mov " %%xmm0, %[r]\n\tstmxcsr %[o]\n\tldmxcsr %[d]"          \
                     : [o] "=m"(out), [r] "=m"(res)                               \
                     : [m] "m"(mxcsr), [a] "m"(a), [d] "m"(mxcsr_default)         \
                     : "xmm0", "memory");                                         \
    break;
#define SSE_ROUND(name, type, insn, mov)                                         \
  static uint32_t name(uint32_t mxcsr, unsigned imm, type a, type *r) {          \
    uint32_t out = 0; type res = 0;                                               \
    switch (imm) {                                                                \
      SSE_ROUND_CASE(0, insn, mov) SSE_ROUND_CASE(1, insn, mov)                   \
      SSE_ROUND_CASE(2, insn, mov) SSE_ROUND_CASE(3, insn, mov)                   \
      SSE_ROUND_CASE(4, insn, mov) SSE_ROUND_CASE(8, insn, mov)                   \
      SSE_ROUND_CASE(9, insn, mov) SSE_ROUND_CASE(10, insn, mov)                  \
      SSE_ROUND_CASE(11, insn, mov) SSE_ROUND_CASE(12, insn, mov)                 \
      default: fprintf(stderr, "bad imm %u\n", imm); exit(2);                     \
    }                                                                             \
    *r = res;                                                                     \
    return out & 0x3f;                                                            \
  }
SSE_ROUND(s_roundsd, uint64_t, "roundsd", "movq")
SSE_ROUND(s_roundss, uint32_t, "roundss", "movd")

#define SSE_COMPARE(name, type, mov, insn)                                       \
  static uint32_t name(uint32_t mxcsr, type a, type b, uint8_t *fl) {            \
    uint32_t out; uint16_t ax;                                                    \
    __asm__ volatile("ldmxcsr %[m]\n\t" mov " %[a], %%xmm0\n\t" mov " %[b], %%xmm1\n\t" \
                     insn " %%xmm1, %%xmm0\n\tlahf\n\tstmxcsr %[o]\n\tldmxcsr %[d]" \
                     : [o] "=m"(out), "=a"(ax)                                    \
                     : [m] "m"(mxcsr), [a] "m"(a), [b] "m"(b), [d] "m"(mxcsr_default) \
                     : "xmm0", "xmm1", "memory", "cc");                           \
    *fl = (uint8_t)((ax >> 8) & 0x45);                                            \
    return out & 0x3f;                                                            \
  }
SSE_COMPARE(s_comisd, uint64_t, "movq", "comisd")
SSE_COMPARE(s_ucomisd, uint64_t, "movq", "ucomisd")
SSE_COMPARE(s_comiss, uint32_t, "movd", "comiss")
SSE_COMPARE(s_ucomiss, uint32_t, "movd", "ucomiss")

typedef struct { const char *name; int kind; void *fn; } op_entry;
enum {
  K_X87_BINARY, K_X87_UNARY, K_X87_UNARY2, K_X87_COMPARE, K_X87_COMPARE_FLAGS, K_X87_UNARY_STATUS,
  K_LOAD16, K_LOAD32, K_LOAD64, K_STORE16, K_STORE32, K_STORE64,
  K_SSE64_BINARY, K_SSE32_BINARY, K_SSE_CONVERT, K_SSE64_ROUND, K_SSE32_ROUND, K_SSE64_COMPARE, K_SSE32_COMPARE,
};

static const op_entry ops[] = {
  {"fadd", K_X87_BINARY, (void *)x_fadd}, {"fsub", K_X87_BINARY, (void *)x_fsub},
  {"fmul", K_X87_BINARY, (void *)x_fmul}, {"fdiv", K_X87_BINARY, (void *)x_fdiv},
  {"fprem", K_X87_BINARY, (void *)x_fprem}, {"fprem1", K_X87_BINARY, (void *)x_fprem1},
  {"fscale", K_X87_BINARY, (void *)x_fscale}, {"fpatan", K_X87_BINARY, (void *)x_fpatan},
  {"fyl2x", K_X87_BINARY, (void *)x_fyl2x}, {"fyl2xp1", K_X87_BINARY, (void *)x_fyl2xp1},
  {"fsqrt", K_X87_UNARY, (void *)x_fsqrt}, {"frndint", K_X87_UNARY, (void *)x_frndint},
  {"f2xm1", K_X87_UNARY, (void *)x_f2xm1}, {"fsin", K_X87_UNARY, (void *)x_fsin},
  {"fcos", K_X87_UNARY, (void *)x_fcos}, {"fxtract", K_X87_UNARY2, (void *)x_fxtract},
  {"fptan", K_X87_UNARY2, (void *)x_fptan}, {"fsincos", K_X87_UNARY2, (void *)x_fsincos},
  {"fcom", K_X87_COMPARE, (void *)x_fcom}, {"fucom", K_X87_COMPARE, (void *)x_fucom},
  {"fxam", K_X87_UNARY_STATUS, (void *)x_fxam}, {"ftst", K_X87_UNARY_STATUS, (void *)x_ftst},
  {"fcomi", K_X87_COMPARE_FLAGS, (void *)x_fcomi}, {"fucomi", K_X87_COMPARE_FLAGS, (void *)x_fucomi},
  {"fld32", K_LOAD32, (void *)x_fld32}, {"fld64", K_LOAD64, (void *)x_fld64},
  {"fst32", K_STORE32, (void *)x_fst32}, {"fst64", K_STORE64, (void *)x_fst64},
  {"fist16", K_STORE16, (void *)x_fist16}, {"fist32", K_STORE32, (void *)x_fist32},
  {"fist64", K_STORE64, (void *)x_fist64}, {"fisttp16", K_STORE16, (void *)x_fisttp16},
  {"fisttp32", K_STORE32, (void *)x_fisttp32}, {"fisttp64", K_STORE64, (void *)x_fisttp64},
  {"fild16", K_LOAD16, (void *)x_fild16}, {"fild32", K_LOAD32, (void *)x_fild32},
  {"fild64", K_LOAD64, (void *)x_fild64},
#define SSE_BINARY_ENTRIES(op)                                                   \
  {#op "sd", K_SSE64_BINARY, (void *)s_##op##sd}, {#op "ss", K_SSE32_BINARY, (void *)s_##op##ss},
  SSE_BINARY_OPS(SSE_BINARY_ENTRIES)
  {"roundsd", K_SSE64_ROUND, (void *)s_roundsd}, {"roundss", K_SSE32_ROUND, (void *)s_roundss},
  {"comisd", K_SSE64_COMPARE, (void *)s_comisd}, {"ucomisd", K_SSE64_COMPARE, (void *)s_ucomisd},
  {"comiss", K_SSE32_COMPARE, (void *)s_comiss}, {"ucomiss", K_SSE32_COMPARE, (void *)s_ucomiss},
};

typedef struct { const char *name; int in64; int out64; void *fn; } convert_entry;
static const convert_entry converts[] = {
  {"cvtsd2ss", 1, 0, (void *)s_cvtsd2ss}, {"cvtss2sd", 0, 1, (void *)s_cvtss2sd},
  {"cvtsd2si32", 1, 0, (void *)s_cvtsd2si32}, {"cvtsd2si64", 1, 1, (void *)s_cvtsd2si64},
  {"cvttsd2si32", 1, 0, (void *)s_cvttsd2si32}, {"cvttsd2si64", 1, 1, (void *)s_cvttsd2si64},
  {"cvtss2si32", 0, 0, (void *)s_cvtss2si32}, {"cvtss2si64", 0, 1, (void *)s_cvtss2si64},
  {"cvttss2si32", 0, 0, (void *)s_cvttss2si32}, {"cvttss2si64", 0, 1, (void *)s_cvttss2si64},
  {"cvtsi2sd32", 0, 1, (void *)s_cvtsi2sd32}, {"cvtsi2sd64", 1, 1, (void *)s_cvtsi2sd64},
  {"cvtsi2ss32", 0, 0, (void *)s_cvtsi2ss32}, {"cvtsi2ss64", 1, 0, (void *)s_cvtsi2ss64},
};

static int run(char *line) {
  char op[32], c[32], a[32] = "", b[32] = "";
  int n = sscanf(line, "%31s %31s %31s %31s", op, c, a, b);
  if (n < 3) return 0;
  unsigned long ctl = strtoul(c, NULL, 16);
  for (size_t i = 0; i < sizeof converts / sizeof converts[0]; i++) {
    const convert_entry *e = &converts[i];
    if (strcmp(e->name, op) != 0) continue;
    uint64_t in = strtoull(a, NULL, 16), r64 = 0; uint32_t r32 = 0, fl;
    if (e->in64 && e->out64) fl = ((uint32_t(*)(uint32_t, uint64_t, uint64_t *))e->fn)(ctl, in, &r64);
    else if (e->in64) fl = ((uint32_t(*)(uint32_t, uint64_t, uint32_t *))e->fn)(ctl, in, &r32);
    else if (e->out64) fl = ((uint32_t(*)(uint32_t, uint32_t, uint64_t *))e->fn)(ctl, (uint32_t)in, &r64);
    else fl = ((uint32_t(*)(uint32_t, uint32_t, uint32_t *))e->fn)(ctl, (uint32_t)in, &r32);
    if (e->out64) printf("%016llx %x\n", (unsigned long long)r64, fl);
    else printf("%08x %x\n", r32, fl);
    return 1;
  }
  for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
    const op_entry *e = &ops[i];
    if (strcmp(e->name, op) != 0) continue;
    uint16_t cw = (uint16_t)ctl, sw; f80 x = parse80(a), y = {0, 0}, r = {0, 0}, r1 = {0, 0};
    uint8_t fl = 0;
    switch (e->kind) {
      case K_X87_BINARY:
        y = parse80(b);
        sw = ((uint16_t(*)(uint16_t, const f80 *, const f80 *, f80 *))e->fn)(cw, &x, &y, &r);
        print80(&r); return end_x87(sw);
      case K_X87_UNARY:
        sw = ((uint16_t(*)(uint16_t, const f80 *, f80 *))e->fn)(cw, &x, &r);
        print80(&r); return end_x87(sw);
      case K_X87_UNARY2:
        sw = ((uint16_t(*)(uint16_t, const f80 *, f80 *, f80 *))e->fn)(cw, &x, &r, &r1);
        print80(&r); print80(&r1); return end_x87(sw);
      case K_X87_COMPARE:
        y = parse80(b);
        sw = ((uint16_t(*)(uint16_t, const f80 *, const f80 *))e->fn)(cw, &x, &y);
        return end_x87(sw);
      case K_X87_UNARY_STATUS:
        sw = ((uint16_t(*)(uint16_t, const f80 *, const f80 *))e->fn)(cw, &x, &y);
        return end_x87(sw);
      case K_X87_COMPARE_FLAGS:
        y = parse80(b);
        sw = ((uint16_t(*)(uint16_t, const f80 *, const f80 *, uint8_t *))e->fn)(cw, &x, &y, &fl);
        printf("%x %x\n", fl, sw & SW_MASK); return 1;
      case K_LOAD16:
        sw = ((uint16_t(*)(uint16_t, uint16_t, f80 *))e->fn)(cw, (uint16_t)strtoul(a, NULL, 16), &r);
        print80(&r); return end_x87(sw);
      case K_LOAD32:
        sw = ((uint16_t(*)(uint16_t, uint32_t, f80 *))e->fn)(cw, (uint32_t)strtoul(a, NULL, 16), &r);
        print80(&r); return end_x87(sw);
      case K_LOAD64:
        sw = ((uint16_t(*)(uint16_t, uint64_t, f80 *))e->fn)(cw, strtoull(a, NULL, 16), &r);
        print80(&r); return end_x87(sw);
      case K_STORE32: {
        uint32_t v = 0;
        sw = ((uint16_t(*)(uint16_t, const f80 *, uint32_t *))e->fn)(cw, &x, &v);
        printf("%08x %x\n", v, sw & SW_MASK); return 1;
      }
      case K_STORE64: {
        uint64_t v = 0;
        sw = ((uint16_t(*)(uint16_t, const f80 *, uint64_t *))e->fn)(cw, &x, &v);
        printf("%016llx %x\n", (unsigned long long)v, sw & SW_MASK); return 1;
      }
      case K_STORE16: {
        uint16_t v = 0;
        sw = ((uint16_t(*)(uint16_t, const f80 *, uint16_t *))e->fn)(cw, &x, &v);
        printf("%04x %x\n", v, sw & SW_MASK); return 1;
      }
      case K_SSE64_BINARY: {
        uint64_t r64;
        uint32_t f = ((uint32_t(*)(uint32_t, uint64_t, uint64_t, uint64_t *))e->fn)(
            ctl, strtoull(a, NULL, 16), strtoull(b, NULL, 16), &r64);
        printf("%016llx %x\n", (unsigned long long)r64, f); return 1;
      }
      case K_SSE32_BINARY: {
        uint32_t r32;
        uint32_t f = ((uint32_t(*)(uint32_t, uint32_t, uint32_t, uint32_t *))e->fn)(
            ctl, (uint32_t)strtoul(a, NULL, 16), (uint32_t)strtoul(b, NULL, 16), &r32);
        printf("%08x %x\n", r32, f); return 1;
      }
      case K_SSE64_ROUND: {
        /* roundsd <mxcsr> <imm> <a> */
        uint64_t r64;
        uint32_t f = s_roundsd(ctl, (unsigned)strtoul(a, NULL, 16), strtoull(b, NULL, 16), &r64);
        printf("%016llx %x\n", (unsigned long long)r64, f); return 1;
      }
      case K_SSE32_ROUND: {
        uint32_t r32;
        uint32_t f = s_roundss(ctl, (unsigned)strtoul(a, NULL, 16), (uint32_t)strtoul(b, NULL, 16), &r32);
        printf("%08x %x\n", r32, f); return 1;
      }
      case K_SSE64_COMPARE: {
        uint32_t f = ((uint32_t(*)(uint32_t, uint64_t, uint64_t, uint8_t *))e->fn)(
            ctl, strtoull(a, NULL, 16), strtoull(b, NULL, 16), &fl);
        printf("%x %x\n", fl, f); return 1;
      }
      case K_SSE32_COMPARE: {
        uint32_t f = ((uint32_t(*)(uint32_t, uint32_t, uint32_t, uint8_t *))e->fn)(
            ctl, (uint32_t)strtoul(a, NULL, 16), (uint32_t)strtoul(b, NULL, 16), &fl);
        printf("%x %x\n", fl, f); return 1;
      }
    }
  }
  fprintf(stderr, "unknown op: %s\n", op);
  exit(2);
}

int main(void) {
  static char line[256];
  while (fgets(line, sizeof line, stdin)) {
    if (!run(line)) printf("\n");
  }
  return 0;
}

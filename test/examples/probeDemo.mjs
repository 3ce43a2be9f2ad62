// Probes with JavaScript handlers on the bundled demo: run it with `node test/examples/probeDemo.mjs`.
import { openProgram } from '@ubp/cli';

const { session, stdout } = await openProgram('test/fixtures/bin/x86-64/musl/demo', { strategy: 'xol-vma' });

// Count the calls of fib: a probe on its first instruction. (gcc turned one of fib's two recursive
// calls into a loop, so the program's own counter, bumped once per iteration, says more.)
let fibCalls = 0;
session.probe('fib', { handler: () => fibCalls++ });

// Read what checksum returns: a return probe (the handler runs when the function returns).
const checksums = [];
session.probe('checksum', { returnHandler: (hit) => checksums.push((hit.regs.read('rax') & 0xffffffffn).toString(16)) });

// Change the program: classify(84) returns 42 without running. Set the return value, pop the
// return address into the PC; moving the PC skips the probed instruction.
session.probe('classify', {
  handler: (hit) => {
    if (hit.regs.read('rdi') !== 84n) return;
    hit.regs.write('rax', 42n);
    hit.regs.pc = Number(Buffer.from(hit.memory.read(hit.regs.sp, 8)).readBigUInt64LE());
    hit.regs.sp += 8;
  },
});

const result = session.run();
process.stdout.write(stdout.text());
console.log(`exit ${result.termination.kind === 'exit' ? result.termination.status : result.termination.kind}`);
console.log(`fib calls seen by the probe: ${fibCalls}`);
console.log(`checksum returned: ${checksums.join(' ')}`);
console.log(`probe hits: ${session.counters.hits}, single-steps: ${session.counters.singleSteps}`);

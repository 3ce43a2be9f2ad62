// Errors of `ubp` itself (docs/cli.md): exactly one line `ubp: error: ...` on stderr, exit 125,
// and never a stack trace.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { runUbpAsync } from '../support/runUbp.js';
import { abs, ARM64, expectUbpError, MUSL, tempDir } from './cliHarness.js';

const DEMO = `${MUSL}/demo`;
const scratch = tempDir();
afterAll(() => scratch.remove());

/** Without UBP_DEBUG, which is documented nowhere but would add a stack to internal errors. */
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'UBP_DEBUG'));

const truncated = path.join(scratch.dir, 'truncated');
fs.writeFileSync(truncated, fs.readFileSync(abs(DEMO)).subarray(0, 100), { mode: 0o755 });
const notElf = 'package.json';
const missing = path.join(scratch.dir, 'no-such-program');

interface Case {
  readonly name: string;
  readonly args: readonly string[];
  /** What the message must say, beyond `ubp: error: `. */
  readonly says?: RegExp;
}

const cases: Case[] = [
  { name: 'run: a missing file', args: ['run', missing], says: /no-such-program/ },
  { name: 'run: a file that is not ELF', args: ['run', notElf], says: /package\.json/ },
  { name: 'run: an ELF truncated to 100 bytes', args: ['run', truncated], says: /truncated/ },
  { name: 'run: an arm64 program (no arm64 CPU)', args: ['run', `${ARM64}/dispatch`] },
  { name: 'run --probe: an unknown symbol', args: ['run', '--probe', 'no_such_function', DEMO], says: /no_such_function/ },
  { name: 'run --probe: a malformed spec (SYMBOL+)', args: ['run', '--probe', 'fib+', DEMO], says: /fib\+/ },
  { name: 'run --probe: inside an instruction', args: ['run', '--probe', 'fib+1', DEMO] },
  { name: 'run --strategy: an unknown strategy', args: ['run', '--strategy', 'teleport', '--probe', 'fib', DEMO], says: /teleport/ },
  { name: 'run: an unknown option', args: ['run', '--frobnicate', DEMO], says: /--frobnicate/ },
  { name: 'an unknown command', args: ['frobnicate'], says: /frobnicate/ },
  { name: 'run --event: not uprobe_events syntax', args: ['run', '--event', 'garbage', DEMO] },
  { name: 'run --event: a register the architecture does not have', args: ['run', '--event', `p:x ${DEMO}:scale v=%nosuchreg`, DEMO], says: /nosuchreg/ },
  { name: 'compare: a file that is not ELF', args: ['compare', '--probe', 'fib', notElf] },
  { name: 'analyze: a file that is not ELF', args: ['analyze', notElf], says: /package\.json/ },
  { name: 'ports: a file that is not ELF', args: ['ports', '--json', notElf] },
];

// Each case is a process of its own; they run a few at a time.
describe.concurrent('errors of ubp itself exit 125 with one line and no stack trace', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    expectUbpError(await runUbpAsync(c.args, { env }), c.says);
  });
});

describe.concurrent('output files ubp cannot write', () => {
  it('--trace into a missing directory is an error of ubp', async () => {
    expectUbpError(await runUbpAsync(['run', '--trace', path.join(missing, 'trace.txt'), '--event', `p:x ${DEMO}:scale`, `${MUSL}/hello`], { env }));
  });

  it('--stats into a missing directory is an error found before the guest runs', async () => {
    // A bad option, like the others: the guest should not run (and print) first.
    expectUbpError(await runUbpAsync(['run', '--stats', path.join(missing, 'stats.json'), `${MUSL}/hello`], { env }));
  });
});

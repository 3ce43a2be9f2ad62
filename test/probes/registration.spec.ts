import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildContainer } from '@ubp/cli';
import { IsaTokens, ProbeError, ProbeRefused, STRATEGY_NAMES } from '@ubp/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../support/fixtureManifest.js';
import { openFixture } from '../support/fixtureSession.js';
import { linuxRefusal } from '../support/linuxUprobeVerdict.js';
import { objdumpFunctions } from '../support/objdumpFunctions.js';

/**
 * Probes that cannot be placed: each gets its exact one-line message from the library, and the
 * `ubp run` command turns it into `ubp: error: MESSAGE` with exit status 125 before the guest runs.
 * Addresses are those of the musl build of demo (see `nm`): fib 0x4012e0 (65 bytes, starts with
 * `push r12` = 41 54), scale 0x401330 (17 bytes, `mulsd xmm0,[gain]` 8 bytes, then padding),
 * gain 0x408008 (data), __lock+0x12 `lock cmpxchg`.
 */
const REFUSALS: ReadonlyArray<readonly [what: string, spec: string, message: string]> = [
  ['the middle of an instruction', 'fib+1', "fib+0x1 (0x4012e1) is not the start of an instruction: it is inside 'push r12' at fib+0x0"],
  ['the middle of a RIP-relative instruction', 'scale+5', "scale+0x5 (0x401335) is not the start of an instruction: it is inside 'mulsd xmm0,[408008h]' at scale+0x0"],
  ['a data symbol', 'gain', 'gain (0x408008) is not executable'],
  ['a data address', '0x408008', '0x408008 (0x408008) is not executable'],
  ['the ELF header (read-only, not code)', '0x400010', '0x400010 (0x400010) is not executable'],
  ['padding between functions', '0x401341', 'no function symbol covers 0x401341 (0x401341), so it cannot be checked to start an instruction'],
  ['an unmapped address', '0x10', "0x10 (0x10) is not in the program's code"],
  ['the stack', '0x7ffffffde000', "0x7ffffffde000 (0x7ffffffde000) is not in the program's code"],
  ['an unknown symbol close to a known one', 'fibb', "unknown symbol 'fibb' in probe spec 'fibb' (did you mean fib?)"],
  ['an unknown symbol close to nothing', 'xyzzy_nothing', "unknown symbol 'xyzzy_nothing' in probe spec 'xyzzy_nothing'"],
  ['an offset past the function', 'fib+65', "probe spec 'fib+65' is past the end of fib (65 bytes)"],
  ['a hex offset past the function', 'fib+0x1000', "probe spec 'fib+0x1000' is past the end of fib (65 bytes)"],
  ['a spec with a dangling plus', 'fib+', "bad probe spec 'fib+': expected SYMBOL, SYMBOL+OFFSET or 0xADDRESS"],
  ['a negative offset', 'fib-1', "bad probe spec 'fib-1': expected SYMBOL, SYMBOL+OFFSET or 0xADDRESS"],
  ['an offset without a symbol', '+4', "bad probe spec '+4': expected SYMBOL, SYMBOL+OFFSET or 0xADDRESS"],
  ['a bad hex address', '0xZZ', "bad probe spec '0xZZ': expected SYMBOL, SYMBOL+OFFSET or 0xADDRESS"],
  ['an empty spec', '', "bad probe spec '': expected SYMBOL, SYMBOL+OFFSET or 0xADDRESS"],
];

const LOCKED = ['__lock+0x12', 'LOCK prefix (is_prefix_bad)'] as const;

describe('probe registration refusals (library)', () => {
  it.each(REFUSALS)('%s (%s)', async (_what, spec, message) => {
    const { session } = await openFixture('demo', 'musl');
    expect(() => session.probe(spec, {})).toThrow(new ProbeError(message));
    // A refused spec leaves no breakpoint behind and counts no rejection by a strategy.
    expect(session.counters.breakpointInstalls).toBe(0);
    expect(session.counters.rejectedProbes).toBe(0);
  });

  it.each(STRATEGY_NAMES)('%s refuses a LOCK-prefixed instruction, and counts the refusal', async (strategy) => {
    const { session } = await openFixture('demo', 'musl', strategy);
    const [spec, reason] = LOCKED;
    let thrown: unknown;
    try {
      session.probe(spec, {});
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ProbeRefused);
    expect((thrown as Error).message).toBe(`${strategy} refuses a probe at ${spec}: ${reason}`);
    expect(session.counters.rejectedProbes).toBe(1);
    expect(session.process.memory.peek(0x4050c2, 1)[0]).toBe(0xf0);
  });

  it('refuses a return probe that is not on a function entry', async () => {
    const { session } = await openFixture('demo', 'musl');
    expect(() => session.probe('fib+2', { returnHandler: () => {} })).toThrow(new ProbeError("a return probe must be on a function's first instruction, and fib+0x2 is not"));
  });

  it('refuses probeAll on an unknown symbol, and on a function without a size', async () => {
    const { session } = await openFixture('demo', 'musl');
    expect(() => session.probeAll('nosuch', {})).toThrow(new ProbeError("unknown symbol 'nosuch'"));
    expect(() => session.probeAll('memcpy', {})).toThrow(new ProbeError('memcpy has no size in the symbol table, so its instructions cannot be listed'));
  });

  it('probeAll places a probe on exactly the instructions objdump lists, passing on the refusals', async () => {
    const { session } = await openFixture('demo', 'musl');
    const refused: string[] = [];
    const sites = session.probeAll('__lock', {}, (error) => refused.push(error.message));
    const [fn] = objdumpFunctions(path.join(FIXTURES, 'bin/x86-64/musl/demo'), ['__lock']);
    const label = (address: number) => `__lock+0x${(address - fn!.start).toString(16)}`;
    const refusable = fn!.instructions.filter((i) => linuxRefusal(i) !== undefined);
    expect(refusable.map(linuxRefusal)).toEqual(expect.arrayContaining(['prefix', 'two-byte table']));
    expect(sites.map((s) => s.address)).toEqual(fn!.instructions.filter((i) => linuxRefusal(i) === undefined).map((i) => i.address));
    expect(refused.map((m) => m.slice(0, m.indexOf(':')))).toEqual(refusable.map((i) => `xol-vma refuses a probe at ${label(i.address)}`));
    expect(refused.filter((m) => m.endsWith('LOCK prefix (is_prefix_bad)')).length).toBe(refusable.filter((i) => i.bytes[0] === 0xf0).length);
  });

  it('registers a whole function decoding each instruction a bounded number of times (not once per earlier instruction)', async () => {
    const container = await buildContainer('x86-64');
    const decoder = container.get(IsaTokens.Decoder);
    let decodes = 0;
    container.rebind(IsaTokens.Decoder).toConstantValue({
      decode: (bytes, address) => {
        decodes++;
        return decoder.decode(bytes, address);
      },
    });
    const { session } = await openFixture('demo', 'musl', 'xol-vma', container);
    const sites = session.probeAll('main', {});
    expect(sites.length).toBeGreaterThan(80);
    expect(decodes).toBeLessThanOrEqual(3 * sites.length);
  });
});

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../packages/cli/bin/ubp.js');
const MUSL_BIN = path.join(FIXTURES, 'bin/x86-64/musl');

function ubp(args: readonly string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: MUSL_BIN, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('ubp run with a probe that cannot be placed', () => {
  beforeAll(() => {
    const build = spawnSync('pnpm', ['build'], { cwd: path.resolve(path.dirname(CLI), '../../..'), encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`pnpm build failed:\n${build.stdout}${build.stderr}`);
  }, 120_000);

  it.each(REFUSALS.filter(([, spec]) => spec !== ''))('exits 125 with ubp: error: for %s (%s), before the guest runs', (_what, spec, message) => {
    expect(ubp(['run', '--probe', spec, './demo'])).toEqual({ status: 125, stdout: '', stderr: `ubp: error: ${message}\n` });
  });

  it('exits 125 for an instruction the strategy refuses', () => {
    const [spec, reason] = LOCKED;
    expect(ubp(['run', '--strategy', 'boosted', '--probe', spec, './demo'])).toEqual({ status: 125, stdout: '', stderr: `ubp: error: boosted refuses a probe at ${spec}: ${reason}\n` });
  });

  it('exits 125 for --probe-all of a function without a size', () => {
    expect(ubp(['run', '--probe-all', 'memcpy', './demo'])).toEqual({ status: 125, stdout: '', stderr: 'ubp: error: memcpy has no size in the symbol table, so its instructions cannot be listed\n' });
  });

  it('runs the guest normally once the probe can be placed', () => {
    const run = ubp(['run', '--probe', 'fib+2', './demo']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('fib calls so far: 24057\n');
    expect(run.stderr).toBe('');
  });
});

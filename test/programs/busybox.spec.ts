// Debian's static busybox, a real program none of us wrote: each applet invocation runs natively
// and under `ubp run` on identical roots, and must write the same bytes and exit the same way.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { BUSYBOX_ENV, type BusyboxInvocation, type BusyboxStep, INVOCATIONS } from '../support/busyboxInvocations.js';
import { addWorkFile, GUEST_BUSYBOX, makeBusyboxRoot, WORK_DIR } from '../support/busyboxRoot.js';
import { limitConcurrency } from '../support/limitConcurrency.js';
import { runUbpAsync } from '../support/runUbp.js';
import { type CollectedRun, spawnCollected } from '../support/spawnCollected.js';
import { ensureStaticBusybox } from '../support/staticBusybox.js';

interface Outcome {
  readonly stdout: string;
  readonly stderr: string;
  /** The exit status, 128 + N for a signal as `ubp` reports it. */
  readonly status: number;
}

interface StepResult {
  readonly args: readonly string[];
  readonly native: Outcome;
  readonly ubp: Outcome;
}

const STEP_TIMEOUT_MS = 120_000;
const ENV_OPTIONS = Object.entries(BUSYBOX_ENV).flatMap(([name, value]) => ['--env', `${name}=${value}`]);

function outcome(run: { status: number | null; signal: NodeJS.Signals | null }, stdout: Buffer, stderr: Buffer): Outcome {
  const status = run.signal === null ? run.status! : 128 + os.constants.signals[run.signal];
  return { stdout: stdout.toString('latin1'), stderr: stderr.toString('latin1'), status };
}

let base = '';
const schedule = limitConcurrency(os.availableParallelism());

async function runStep(step: BusyboxStep): Promise<StepResult> {
  const nativeRoot = path.join(base, 'native');
  const ubpRoot = path.join(base, 'ubp');
  const native: CollectedRun = await spawnCollected(path.join(nativeRoot, GUEST_BUSYBOX), step.args, {
    argv0: GUEST_BUSYBOX,
    cwd: path.join(nativeRoot, WORK_DIR),
    env: BUSYBOX_ENV,
    stdin: step.stdin ?? '',
    timeoutMs: STEP_TIMEOUT_MS,
  });
  const ubp = await runUbpAsync(['run', '--root', ubpRoot, '--clear-env', ...ENV_OPTIONS, GUEST_BUSYBOX, ...step.args], {
    cwd: path.join(ubpRoot, WORK_DIR),
    stdin: step.stdin ?? '',
    timeoutMs: STEP_TIMEOUT_MS,
  });
  if (step.stdoutTo !== undefined) {
    addWorkFile(nativeRoot, step.stdoutTo, native.stdout);
    addWorkFile(ubpRoot, step.stdoutTo, ubp.stdoutBytes);
  }
  return { args: step.args, native: outcome(native, native.stdout, native.stderr), ubp: outcome(ubp, ubp.stdoutBytes, ubp.stderrBytes) };
}

async function runInvocation(invocation: BusyboxInvocation): Promise<StepResult[]> {
  const steps: StepResult[] = [];
  for (const step of invocation.steps) steps.push(await runStep(step));
  return steps;
}

beforeAll(() => {
  const busybox = ensureStaticBusybox();
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'ubp-busybox-'));
  makeBusyboxRoot(busybox, path.join(base, 'native'));
  makeBusyboxRoot(busybox, path.join(base, 'ubp'));
}, 900_000);

afterAll(() => {
  if (base !== '') fs.rmSync(base, { recursive: true, force: true });
});

// Longest first, so that a long chain of steps does not end up running alone at the end.
const byLength = [...INVOCATIONS].sort((a, b) => b.steps.length - a.steps.length);

describe.concurrent('busybox applets under ubp run', () => {
  it('covers at least 30 invocations', ({ expect }) => {
    expect(new Set(INVOCATIONS.map((invocation) => invocation.name)).size).toBe(INVOCATIONS.length);
    expect(INVOCATIONS.length).toBeGreaterThanOrEqual(30);
  });

  it.for(byLength.map((invocation) => [invocation.name, invocation] as const))('%s prints what it prints natively', { timeout: STEP_TIMEOUT_MS * 2 }, async ([, invocation], { expect }) => {
    for (const step of await schedule(() => runInvocation(invocation))) {
      expect({ args: step.args, ...step.ubp }).toEqual({ args: step.args, ...step.native });
    }
  });
});

import { type Command, Option } from 'commander';
import { collect, integer, positiveInteger } from './parsers.js';
import { DEFAULT_QUANTUM, type ProbeOptions, type ProgramOptions } from './ProgramOptions.js';

/** The options that say how the guest runs. */
export function addProgramOptions(command: Command): Command {
  return command
    .option('--root <dir>', 'directory the guest sees as / (default: the current directory)')
    .option('--env <name=value>', 'set a variable in the guest environment', collect, [])
    .option('--unset-env <name>', 'remove a variable from the guest environment', collect, [])
    .option('--clear-env', 'start the guest with an empty environment', false)
    .addOption(new Option('--max-instructions <n>', 'stop a runaway guest after N instructions (exit 124)').argParser(positiveInteger('--max-instructions')))
    .addOption(new Option('--quantum <n>', 'instructions between scheduling points').argParser(positiveInteger('--quantum')).default(DEFAULT_QUANTUM))
    .addOption(new Option('--seed <n>', 'seed for everything random the guest sees').argParser(integer('--seed')).default(0))
    .option('--verbose', 'report unimplemented syscalls and other notes on stderr', false);
}

/** The options that say where probes go. */
export function addProbeOptions(command: Command): Command {
  return command
    .option('--probe <spec>', 'probe SYMBOL, SYMBOL+OFFSET or 0xADDRESS (repeatable)', collect, [])
    .option('--probe-all <symbol>', 'probe every instruction of a function (repeatable)', collect, [])
    .option('--event <definition>', "a probe in uprobe_events syntax, e.g. 'p:demo/fib ./demo:fib n=%di' (repeatable)", collect, [])
    .option('--cost-model <file>', 'JSON file overriding the default nanoseconds per event');
}

export function programOptionsOf(options: Record<string, unknown>): ProgramOptions {
  return {
    root: options['root'] as string | undefined,
    env: options['env'] as string[],
    unsetEnv: options['unsetEnv'] as string[],
    clearEnv: options['clearEnv'] as boolean,
    maxInstructions: options['maxInstructions'] as number | undefined,
    quantum: options['quantum'] as number,
    seed: options['seed'] as number,
    verbose: options['verbose'] as boolean,
  };
}

export function probeOptionsOf(options: Record<string, unknown>): ProbeOptions {
  return {
    probe: options['probe'] as string[],
    probeAll: options['probeAll'] as string[],
    event: options['event'] as string[],
    costModel: options['costModel'] as string | undefined,
  };
}

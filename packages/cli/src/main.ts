import { LoadError } from '@ubp/core';
import { Command, CommanderError, Option } from 'commander';
import { runCommand } from './commands/runCommand.js';
import { collect, integer, positiveInteger } from './commands/runOptions.js';
import { EXIT_UBP_ERROR, UsageError } from './UsageError.js';

function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('ubp')
    .description('User-space breakpoints on an emulated CPU: run programs, probe them, compare XOL strategies')
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(`ubp: ${text}`) });

  program
    .command('run')
    .description('run a static Linux ELF on the emulated CPU; its stdio and exit status are ours')
    .argument('<elf>', 'the program')
    .argument('[args...]', 'arguments for the program')
    .passThroughOptions()
    .option('--root <dir>', 'directory the guest sees as / (default: the current directory)')
    .option('--env <name=value>', 'set a variable in the guest environment', collect, [])
    .option('--unset-env <name>', 'remove a variable from the guest environment', collect, [])
    .option('--clear-env', 'start the guest with an empty environment', false)
    .addOption(new Option('--max-instructions <n>', 'stop a runaway guest after N instructions (exit 124)').argParser(positiveInteger('--max-instructions')))
    .addOption(new Option('--quantum <n>', 'instructions between scheduling points').argParser(positiveInteger('--quantum')).default(200_000))
    .addOption(new Option('--seed <n>', 'seed for everything random the guest sees').argParser(integer('--seed')).default(0))
    .option('--stats <file>', 'write run statistics as JSON to FILE')
    .option('--verbose', 'report unimplemented syscalls and other notes on stderr', false)
    .action((elf: string, args: string[], options: Record<string, unknown>) => {
      setExit(
        runCommand(elf, args, {
          root: options['root'] as string | undefined,
          env: options['env'] as string[],
          unsetEnv: options['unsetEnv'] as string[],
          clearEnv: options['clearEnv'] as boolean,
          maxInstructions: options['maxInstructions'] as number | undefined,
          quantum: options['quantum'] as number,
          seed: options['seed'] as number,
          stats: options['stats'] as string | undefined,
          verbose: options['verbose'] as boolean,
        }),
      );
    });
  return program;
}

/** Runs the command line; returns the exit status. Errors of ubp itself exit 125 with one line on stderr. */
export function main(argv: readonly string[]): number {
  let status = 0;
  const program = buildProgram((code) => {
    status = code;
  });
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_UBP_ERROR;
    if (error instanceof UsageError || error instanceof LoadError) {
      process.stderr.write(`ubp: error: ${error.message}\n`);
      return EXIT_UBP_ERROR;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`ubp: error: internal: ${message}\n`);
    if (process.env['UBP_DEBUG'] !== undefined && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return EXIT_UBP_ERROR;
  }
  return status;
}

process.exitCode = main(process.argv.slice(2));

import { LoadError, ProbeError, STRATEGY_NAMES, type StrategyName } from '@ubp/core';
import { Command, CommanderError, Option } from 'commander';
import { analyzeCommand } from './commands/analyzeCommand.js';
import { compareCommand, parseStrategies } from './commands/compareCommand.js';
import { portsCommand } from './commands/portsCommand.js';
import { raceCommand } from './commands/raceCommand.js';
import { runCommand } from './commands/runCommand.js';
import { addProbeOptions, addProgramOptions, probeOptionsOf, programOptionsOf } from './options/commandOptions.js';
import { collect, positiveInteger } from './options/parsers.js';
import { EXIT_UBP_ERROR, UsageError } from './UsageError.js';

type Action = () => Promise<number>;

/** A command that runs a program: `<elf> [args...]`, with the program and probe options, options before the program. */
function programCommand(program: Command, name: string, description: string): Command {
  const command = program.command(name).description(description).argument('<elf>', 'the program').argument('[args...]', 'arguments for the program').passThroughOptions();
  return addProbeOptions(addProgramOptions(command));
}

/** The options compare and race share beyond the program's: which strategies, and the output form. */
function comparisonOptions(command: Command): Command {
  return command
    .option('--strategies <list>', `comma-separated strategies (default: all: ${STRATEGY_NAMES.join(',')})`)
    .option('--json', 'print one JSON object', false)
    .option('--markdown', 'print a Markdown table', false);
}

/** What compare and race read from the options they share. */
function comparisonOptionsOf(options: Record<string, unknown>) {
  parseStrategies(options['strategies'] as string | undefined);
  return {
    ...programOptionsOf(options),
    ...probeOptionsOf(options),
    strategies: options['strategies'] as string | undefined,
    json: options['json'] as boolean,
    markdown: options['markdown'] as boolean,
  };
}

function buildProgram(setAction: (action: Action) => void): Command {
  const program = new Command('ubp')
    .description('User-space breakpoints on an emulated CPU: run programs, probe them, compare XOL strategies')
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(`ubp: ${text}`) });

  programCommand(program, 'run', 'run a static Linux ELF on the emulated CPU; its stdio and exit status are ours')
    .addOption(new Option('--strategy <name>', 'how probed instructions are run').choices([...STRATEGY_NAMES]).default('xol-vma'))
    .option('--stats <file>', 'write run statistics and probe counters as JSON to FILE')
    .option('--trace <file>', 'write one trace line per --event hit to FILE')
    .action((elf: string, args: string[], options: Record<string, unknown>) =>
      setAction(() =>
        runCommand(elf, args, {
          ...programOptionsOf(options),
          ...probeOptionsOf(options),
          strategy: options['strategy'] as StrategyName,
          stats: options['stats'] as string | undefined,
          trace: options['trace'] as string | undefined,
        }),
      ),
    );

  comparisonOptions(programCommand(program, 'compare', 'run unprobed, then once per strategy with the same probes and stdin; report what differs and what it cost'))
    .option('--html <file>', 'write a self-contained HTML report with charts')
    .action((elf: string, args: string[], options: Record<string, unknown>) => {
      const shared = comparisonOptionsOf(options);
      setAction(() => compareCommand(elf, args, { ...shared, html: options['html'] as string | undefined }));
    });

  comparisonOptions(programCommand(program, 'race', 'run under many schedules (seeds), unprobed and per strategy; count divergent runs, missed hits and slot waits'))
    .addOption(new Option('--seeds <n>', 'how many seeds, from --seed on').argParser(positiveInteger('--seeds')).default(10))
    .action((elf: string, args: string[], options: Record<string, unknown>) => {
      const shared = comparisonOptionsOf(options);
      setAction(() => raceCommand(elf, args, { ...shared, seeds: options['seeds'] as number }));
    });

  program
    .command('analyze')
    .description('for every instruction, what each strategy would do with a probe there')
    .argument('<elf>', 'the program')
    .option('--symbol <name>', 'only this function (repeatable)', collect, [])
    .option('--json', 'print one JSON object', false)
    .action((elf: string, options: Record<string, unknown>) => setAction(() => analyzeCommand(elf, { symbol: options['symbol'] as string[], json: options['json'] as boolean })));

  program
    .command('ports')
    .description('the architecture × strategy matrix: what each strategy asks of each port, computed from the code')
    .argument('[elf...]', 'programs whose instructions give the accepted shares (default: bundled fixtures)')
    .option('--json', 'print one JSON object', false)
    .option('--markdown', 'print Markdown tables', false)
    .action((elves: string[], options: Record<string, unknown>) => setAction(() => portsCommand(elves, { json: options['json'] as boolean, markdown: options['markdown'] as boolean })));
  return program;
}

function report(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_UBP_ERROR;
  if (error instanceof UsageError || error instanceof LoadError || error instanceof ProbeError) {
    process.stderr.write(`ubp: error: ${error.message}\n`);
    return EXIT_UBP_ERROR;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`ubp: error: internal: ${message}\n`);
  if (process.env['UBP_DEBUG'] !== undefined && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  return EXIT_UBP_ERROR;
}

/** Runs the command line; returns the exit status. Errors of ubp itself exit 125 with one line on stderr. */
export async function main(argv: readonly string[]): Promise<number> {
  let action: Action | undefined;
  try {
    buildProgram((a) => {
      action = a;
    }).parse(argv, { from: 'user' });
    return action === undefined ? 0 : await action();
  } catch (error) {
    return report(error);
  }
}

process.exitCode = await main(process.argv.slice(2));

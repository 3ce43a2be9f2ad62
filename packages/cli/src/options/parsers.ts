import { UsageError } from '../UsageError.js';

/** Collects a repeatable option's values. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function positiveInteger(name: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) <= 0 || !Number.isSafeInteger(Number(value))) {
      throw new UsageError(`${name} needs a positive integer, not '${value}'`);
    }
    return Number(value);
  };
}

export function integer(name: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) throw new UsageError(`${name} needs a non-negative integer, not '${value}'`);
    return Number(value);
  };
}

export interface EnvironmentOptions {
  readonly env: readonly string[];
  readonly unsetEnv: readonly string[];
  readonly clearEnv: boolean;
}

/** The guest's environment: ubp's own, then --clear-env, --unset-env and --env in that order. */
export function guestEnvironment(options: EnvironmentOptions, own: NodeJS.ProcessEnv): string[] {
  const env = new Map<string, string>();
  if (!options.clearEnv) for (const [name, value] of Object.entries(own)) if (value !== undefined) env.set(name, value);
  for (const name of options.unsetEnv) env.delete(name);
  for (const pair of options.env) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--env needs NAME=VALUE, not '${pair}'`);
    env.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  return [...env].map(([name, value]) => `${name}=${value}`);
}

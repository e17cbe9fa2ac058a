import { planWorkers } from '../core/engine/workerBudget';

/**
 * How many analysis workers the CLI's entry forks before the rest of the CLI loads (entry.ts): as many as the run
 * will use when it decodes every file it lists, i.e. `analyze` or `check` with `--no-cache`; else 0, and workers
 * start as the run needs them (a re-run answered from the cache needs none). Read from the raw arguments, before
 * commander has parsed them: a guess that cannot change a result, only where the workers' start-up time goes (a
 * run that takes fewer lets the others go, see prestartedWorkers.ts).
 */
export function workersToPrestart(args: readonly string[]): number {
  if (!PRESTARTING_COMMANDS.has(args[0]) || !args.includes('--no-cache')) return 0;
  if (args.includes('-h') || args.includes('--help')) return 0;
  const workers = optionValue(args, '--workers');
  if (workers === null) return 0;
  return planWorkers(workers, args.includes('--content')).workers;
}

/** The commands that analyse a folder (addAnalysisOptions). */
const PRESTARTING_COMMANDS = new Set(['analyze', 'check']);

/** `--name n` or `--name=n` as a count; undefined when absent, null when not a whole number. */
function optionValue(args: readonly string[], name: string): number | undefined | null {
  const at = args.findIndex((arg) => arg === name || arg.startsWith(`${name}=`));
  if (at < 0) return undefined;
  const raw = args[at] === name ? args[at + 1] : args[at].slice(name.length + 1);
  return raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : null;
}

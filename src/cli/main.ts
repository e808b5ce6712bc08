/**
 * `genoforest` command line: train, evaluate, predict and explain random forests on patient tables in
 * Node, over the same engine the app runs in Web Workers. Run as `npm run --silent genoforest -- <command>`.
 * Problems are reported as one line on stderr (exit 1; 2 for a command line that cannot be understood).
 */
import process from 'node:process';
import { helpText, wantsHelp } from './args.ts';
import { commandSpecs } from './specs.ts';
import { errorLine, exitCodeOf, UsageError } from './errors.ts';
import type { CliIo } from './io.ts';
import { exitQuietlyOnClosedOutput, flushStreams, nodeIo } from './io.ts';

type CommandRun = (argv: string[], io: CliIo) => Promise<void>;

/** Commands are loaded on demand so `--help` and usage errors answer without loading the engine. */
const commands: Record<string, () => Promise<CommandRun>> = {
  evaluate: async () => (await import('./commands/evaluate.ts')).runEvaluate,
  train: async () => (await import('./commands/train.ts')).runTrain,
  predict: async () => (await import('./commands/predict.ts')).runPredict,
  explain: async () => (await import('./commands/explain.ts')).runExplain,
  qc: async () => (await import('./commands/qc.ts')).runQc,
  pca: async () => (await import('./commands/pca.ts')).runPca,
  effect: async () => (await import('./commands/effect.ts')).runEffect,
  importance: async () => (await import('./commands/importance.ts')).runImportance,
};

/** Top-level help listing the commands. */
export function mainHelp(): string {
  const width = Math.max(...commandSpecs.map((s) => s.name.length)) + 2;
  return [
    'Usage: npm run --silent genoforest -- <command> [options]',
    '',
    'Random forests on patient tables (CSV), in Node, with the engine of the GenoForest app.',
    '',
    'Commands:',
    ...commandSpecs.map((s) => `  ${s.name.padEnd(width)}${s.brief}`),
    '',
    'Run `npm run --silent genoforest -- <command> --help` for the options of a command.',
    '',
  ].join('\n');
}

/** Run one command line; returns the exit code instead of exiting, so tests can call it. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    const [name, ...rest] = argv;
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      io.stdout(mainHelp());
      return name === undefined ? 2 : 0;
    }
    const load = commands[name];
    const spec = commandSpecs.find((s) => s.name === name);
    if (load === undefined || spec === undefined) {
      throw new UsageError(
        `unknown command "${name}"; commands are: ${commandSpecs.map((s) => s.name).join(', ')} (see --help)`,
      );
    }
    if (wantsHelp(rest)) {
      io.stdout(helpText(spec));
      return 0;
    }
    const run = await load();
    await run(rest, io);
    return 0;
  } catch (error) {
    io.stderr(`genoforest: ${errorLine(error)}\n`);
    if (process.env.GENOFOREST_DEBUG && error instanceof Error && error.stack)
      io.stderr(error.stack + '\n');
    return exitCodeOf(error);
  }
}

const isMain = (() => {
  const entry = process.argv[1];
  return (
    entry !== undefined &&
    /(^|[\\/])main\.ts$/.test(entry) &&
    import.meta.url.endsWith('/cli/main.ts')
  );
})();

if (isMain) {
  exitQuietlyOnClosedOutput();
  // Exit explicitly once output is flushed: a worker pool or timer must not keep the process alive.
  runCli(process.argv.slice(2), nodeIo())
    .catch((error: unknown) => {
      process.stderr.write(`genoforest: ${errorLine(error)}\n`);
      return 1;
    })
    .then(async (code) => {
      await flushStreams();
      process.exit(code);
    });
}

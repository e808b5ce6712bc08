/** Command-line option parsing for the genoforest commands, on top of node:util parseArgs. */
import { parseArgs } from 'node:util';
import { UsageError } from './errors';

/** One option a command accepts. */
export interface OptionSpec {
  name: string;
  /** "string" and "int" take a value; "flag" does not. */
  kind: 'string' | 'int' | 'flag';
  /** Placeholder shown in help, e.g. "<col>". */
  value?: string;
  help: string;
}

/** What a command accepts, for parsing and for its --help text. */
export interface CommandSpec {
  name: string;
  /** Positional arguments in order, e.g. ["<file.csv>"]. */
  positionals: string[];
  /** One line for the list of commands. */
  brief: string;
  summary: string;
  options: OptionSpec[];
  /** Extra help lines (examples, notes). */
  notes?: string[];
}

/** Parsed arguments of one command. */
export class ParsedArgs {
  constructor(
    readonly command: CommandSpec,
    readonly positionals: string[],
    private readonly values: Record<string, string | boolean | undefined>,
  ) {}

  /** A string option, or undefined when absent. */
  string(name: string): string | undefined {
    const v = this.values[name];
    return typeof v === 'string' ? v : undefined;
  }

  /** A string option that must be given. */
  requiredString(name: string): string {
    const v = this.string(name);
    if (v === undefined || v === '') {
      throw new UsageError(
        `${this.command.name} needs --${name} (see genoforest ${this.command.name} --help)`,
      );
    }
    return v;
  }

  /** An integer option at least `min`, or the fallback when absent. */
  int(name: string, fallback: number, min = 1): number {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    if (!/^[+]?\d+$/.test(raw.trim())) {
      throw new UsageError(`--${name} must be a whole number, got "${raw}"`);
    }
    const n = Number(raw);
    if (!Number.isSafeInteger(n) || n < min) {
      throw new UsageError(`--${name} must be at least ${min}, got ${raw}`);
    }
    return n;
  }

  /** Whether a flag was given. */
  flag(name: string): boolean {
    return this.values[name] === true;
  }
}

/** True when argv asks for help (-h or --help anywhere). */
export function wantsHelp(argv: string[]): boolean {
  return argv.includes('--help') || argv.includes('-h');
}

/** Parse argv (after the command name) against a command's spec; throws UsageError on any problem. */
export function parseCommandArgs(spec: CommandSpec, argv: string[]): ParsedArgs {
  const options: Record<string, { type: 'string' | 'boolean' }> = {};
  for (const o of spec.options)
    options[o.name] = { type: o.kind === 'flag' ? 'boolean' : 'string' };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(describeParseError(spec, error));
  }
  const { positionals } = parsed;
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (positionals.length < spec.positionals.length) {
    const missing = spec.positionals.slice(positionals.length).join(' ');
    throw new UsageError(
      `${spec.name} needs ${missing} (usage: genoforest ${usageLine(spec)}; see --help)`,
    );
  }
  if (positionals.length > spec.positionals.length) {
    const extra = positionals.slice(spec.positionals.length).join(' ');
    throw new UsageError(
      `${spec.name}: unexpected argument ${extra} (see genoforest ${spec.name} --help)`,
    );
  }
  return new ParsedArgs(spec, positionals, values);
}

function describeParseError(spec: CommandSpec, error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const quoted = /'([^']+)'/.exec(message)?.[1] ?? '';
  const see = `see genoforest ${spec.name} --help`;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    return `unknown option ${quoted} for ${spec.name} (${see})`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const name = quoted.split(' ')[0] ?? quoted;
    const spec1 = spec.options.find((o) => `--${o.name}` === name);
    return spec1 && spec1.kind !== 'flag'
      ? `option ${name} needs a value ${spec1.value ?? '<value>'} (${see})`
      : `option ${name} does not take a value (${see})`;
  }
  return `${message.split('\n')[0]} (${see})`;
}

/** "evaluate <file.csv> [options]". */
export function usageLine(spec: CommandSpec): string {
  return [spec.name, ...spec.positionals, spec.options.length > 0 ? '[options]' : '']
    .filter((s) => s !== '')
    .join(' ');
}

/** Full --help text of a command. */
export function helpText(spec: CommandSpec): string {
  const lines = [`Usage: npm run --silent genoforest -- ${usageLine(spec)}`, '', spec.summary, ''];
  if (spec.options.length > 0) {
    lines.push('Options:');
    const labels = spec.options.map(
      (o) => `  --${o.name}${o.kind === 'flag' ? '' : ` ${o.value ?? '<value>'}`}`,
    );
    const width = Math.max(...labels.map((l) => l.length)) + 2;
    spec.options.forEach((o, i) => lines.push(`${labels[i].padEnd(width)}${o.help}`));
    lines.push(`${'  --help'.padEnd(width)}Show this help.`);
  }
  if (spec.notes && spec.notes.length > 0) lines.push('', ...spec.notes);
  return lines.join('\n') + '\n';
}

/**
 * Errors the command line reports as one plain line on stderr. Anything else that escapes a command is
 * also reduced to its message (never a stack trace), so a user sees what went wrong, not where.
 */

/** A problem with the user's input (file, column, model): exit code 1. */
export class CliError extends Error {
  /** Process exit code for this error. */
  readonly exitCode: number = 1;
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

/** A command line that cannot be understood (unknown option, missing argument): exit code 2. */
export class UsageError extends CliError {
  override readonly exitCode: number = 2;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** One line describing any thrown value, without a stack trace. */
export function errorLine(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  const oneLine = raw.replace(/\s*\n\s*/g, ' ').trim();
  return oneLine.length > 0 ? oneLine : 'unexpected error';
}

/** Exit code for any thrown value: the error's own code, else 1. */
export function exitCodeOf(error: unknown): number {
  return error instanceof CliError ? error.exitCode : 1;
}

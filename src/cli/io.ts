/** Where a command writes: the process streams in the real CLI, buffers in tests. */
import process from 'node:process';

/** Output sinks of a command. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** The process's stdout/stderr. */
export function nodeIo(): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
  };
}

/** Resolves once everything written to stdout and stderr so far has been handed to the OS. */
export function flushStreams(): Promise<void> {
  const drain = (stream: NodeJS.WriteStream): Promise<void> =>
    new Promise((resolve) => {
      stream.write('', () => resolve());
    });
  return Promise.all([drain(process.stdout), drain(process.stderr)]).then(() => undefined);
}

/**
 * A reader that stops early (`genoforest … --json | head -1`) closes our stdout: the next write fails with EPIPE,
 * which Node raises as an unhandled 'error' event and a stack trace. The reader has all it wanted, so exit at once
 * with code 0, quietly, as Unix tools do; a closed stderr is ignored (there is nobody left to tell).
 */
export function exitQuietlyOnClosedOutput(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  process.stderr.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

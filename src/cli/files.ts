/** Reading and writing the files the commands are given, with one-line errors that name the file. */
import { closeSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { parseCsvText } from '../engine/data/parse.ts';
import type { RawTable } from '../engine/data/types.ts';
import { CliError } from './errors.ts';

/** Text of a file, or a CliError saying plainly why it cannot be read. */
export function readTextFile(file: string, what: string): string {
  let size: number;
  try {
    const st = statSync(file);
    if (st.isDirectory()) throw new CliError(`${what} ${file} is a folder, not a file`);
    size = st.size;
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT') throw new CliError(`${what} not found: ${file}`);
    if (code === 'EACCES') throw new CliError(`${what} ${file} cannot be read (permission denied)`);
    throw new CliError(`${what} ${file} cannot be read: ${(error as Error).message}`);
  }
  // V8's longest string is about 512 MiB; say so instead of failing inside readFileSync.
  if (size > 500 * 1024 * 1024) {
    throw new CliError(
      `${what} ${file} is ${(size / 2 ** 20).toFixed(0)} MiB; files over 500 MiB are not supported`,
    );
  }
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`${what} ${file} cannot be read: ${(error as Error).message}`);
  }
}

/** Parse a CSV file into a RawTable; an empty, header-only or binary file is a CliError naming it. */
export function readCsvFile(file: string, what = 'CSV file'): RawTable {
  const text = readTextFile(file, what);
  try {
    return parseCsvText(text);
  } catch (error) {
    throw new CliError(`${file}: ${(error as Error).message}`);
  }
}

/** Write text to a file, or a CliError naming it. */
export function writeTextFile(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const why = code === 'ENOENT' ? 'its folder does not exist' : (error as Error).message;
    throw new CliError(`cannot write ${file}: ${why}`);
  }
}

/** Characters gathered before each write of writeTextPieces. */
const WRITE_CHARS = 1 << 20;

/**
 * Write text given in pieces to a file, a megabyte or so at a time (a model of 300,000 variants is ~60 MB of text,
 * never held whole); returns its bytes in UTF-8, or throws a CliError naming the file.
 */
export function writeTextPieces(file: string, pieces: Iterable<string>): number {
  let fd: number | null = null;
  try {
    fd = openSync(file, 'w');
    let bytes = 0;
    let batch: string[] = [];
    let chars = 0;
    const flush = (at: number): void => {
      const buffer = Buffer.from(batch.join(''), 'utf8');
      batch = [];
      chars = 0;
      // A write may take part of the buffer; writeFileSync loops the same way.
      for (let off = 0; off < buffer.length;) off += writeSync(at, buffer, off);
      bytes += buffer.length;
    };
    for (const piece of pieces) {
      batch.push(piece);
      chars += piece.length;
      if (chars >= WRITE_CHARS) flush(fd);
    }
    flush(fd);
    return bytes;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const why = code === 'ENOENT' ? 'its folder does not exist' : (error as Error).message;
    throw new CliError(`cannot write ${file}: ${why}`);
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** "a, b, c" for up to `max` names, then "… and N more". */
export function listNames(names: string[], max = 40): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown}, … and ${names.length - max} more` : shown;
}

/** Bytes of a binary file (an .onnx model), or a CliError saying plainly why it cannot be read. */
export function readBytesFile(file: string, what: string): Uint8Array {
  try {
    if (statSync(file).isDirectory()) throw new CliError(`${what} ${file} is a folder, not a file`);
    return new Uint8Array(readFileSync(file));
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT') throw new CliError(`${what} not found: ${file}`);
    throw new CliError(`${what} ${file} cannot be read: ${(error as Error).message}`);
  }
}

/** Write bytes to a file, or a CliError naming it. */
export function writeBytesFile(file: string, bytes: Uint8Array): void {
  try {
    writeFileSync(file, bytes);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const why = code === 'ENOENT' ? 'its folder does not exist' : (error as Error).message;
    throw new CliError(`cannot write ${file}: ${why}`);
  }
}

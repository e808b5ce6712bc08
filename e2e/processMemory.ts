/**
 * Memory of the browser a test drives, read from Linux's /proc: the proportional set size (PSS: shared pages split
 * between the processes that map them, so a SharedArrayBuffer counts once) summed over every process descended
 * from this test worker (the browser, its renderer, its web workers' process). Null where /proc is missing.
 */
import { readdirSync, readFileSync } from 'node:fs';

function parentOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The name in parentheses may hold spaces: the fields after its closing parenthesis are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[1]);
  } catch {
    return null;
  }
}

function pssBytes(pid: number): number {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kb = /^Pss:\s+(\d+) kB/m.exec(rollup);
    return kb ? Number(kb[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** The processes descended from `root` (not `root` itself), or null without /proc. */
export function descendantPids(root: number): number[] | null {
  let pids: number[];
  try {
    pids = readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .map(Number);
  } catch {
    return null;
  }
  const parent = new Map(pids.map((p) => [p, parentOf(p)]));
  const inTree = (pid: number): boolean => {
    for (let p: number | null | undefined = pid; p; p = parent.get(p)) if (p === root) return true;
    return false;
  };
  return pids.filter((p) => p !== root && inTree(p));
}

/** Summed PSS in bytes of the processes descended from `root` (default: this process), or null without /proc. */
export function descendantsPss(root = process.pid): number | null {
  const pids = descendantPids(root);
  return pids === null ? null : pids.reduce((sum, p) => sum + pssBytes(p), 0);
}

/** Samples descendantsPss every `ms` until stopped; `peak()` is the largest sample so far (null without /proc). */
export function samplePeakMemory(ms = 250): { peak: () => number | null; stop: () => void } {
  let peak: number | null = descendantsPss();
  const timer = setInterval(() => {
    const now = descendantsPss();
    if (now !== null) peak = Math.max(peak ?? 0, now);
  }, ms);
  return { peak: () => peak, stop: () => clearInterval(timer) };
}

/**
 * CPU time of the browser a test drives, thread by thread, read from Linux's /proc: user + system time of every
 * thread of every process descended from this test worker, summed by the thread's name (Chromium names a page's
 * main thread CrRendererMain and each web worker's thread DedicatedWorker). Native work a JavaScript profile does
 * not show (structured clones, painting, garbage collection) counts here too. Null where /proc is missing.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { descendantPids } from './processMemory';

function ticksPerSecond(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}

/** Name, parent and CPU ticks (user + system) from a /proc stat line. */
function parseStat(stat: string): { name: string; parent: number; ticks: number } {
  // The name in parentheses may hold spaces: the fields after its closing parenthesis are fixed.
  const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { name, parent: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
}

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** Thread (tid) → name and CPU seconds, over the processes descended from `root`; null without /proc. */
function threadTimes(root: number): Map<string, { name: string; seconds: number }> | null {
  const pids = descendantPids(root);
  if (pids === null) return null;
  const hz = ticksPerSecond();
  const out = new Map<string, { name: string; seconds: number }>();
  for (const p of pids) {
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${p}/task`);
    } catch {
      continue;
    }
    // Chromium's processes differ by their --type (renderer, gpu-process, utility…); the browser has none.
    const type = /--type=([\w-]+)/.exec(read(`/proc/${p}/cmdline`) ?? '')?.[1] ?? 'browser';
    for (const tid of tids) {
      const stat = read(`/proc/${p}/task/${tid}/stat`);
      if (!stat) continue;
      const { name, ticks } = parseStat(stat);
      out.set(`${p}/${tid}`, { name: `${type} ${name}`, seconds: ticks / hz });
    }
  }
  return out;
}

/**
 * CPU seconds by process type and thread name ("renderer CrRendererMain") between start and `stop()`, threads of one
 * name summed, and each web worker thread on its own (`workers`, largest first); a thread that ended before stop is
 * not counted.
 */
export function measureThreadCpu(root = process.pid): {
  stop: () => { byName: Record<string, number>; workers: number[] } | null;
} {
  const before = threadTimes(root);
  return {
    stop() {
      const after = threadTimes(root);
      if (!before || !after) return null;
      const byName: Record<string, number> = {};
      const workers: number[] = [];
      for (const [tid, { name, seconds }] of after) {
        const used = seconds - (before.get(tid)?.seconds ?? 0);
        if (used > 0) byName[name] = Number(((byName[name] ?? 0) + used).toFixed(2));
        if (used > 0 && name.endsWith('DedicatedWorker')) workers.push(Number(used.toFixed(2)));
      }
      return { byName, workers: workers.sort((a, b) => b - a) };
    },
  };
}

/** The 1-minute load average (from /proc/loadavg), or null. */
export function loadAverage(): number | null {
  const text = read('/proc/loadavg');
  return text ? Number(text.split(' ')[0]) : null;
}

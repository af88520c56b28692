import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

/** Process metrics read from Linux `/proc`: CPU time and resident memory of another process. */

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU time (user + system, all threads) the process has used so far, in milliseconds. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces); utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS;
}

function statusKb(pid: number, key: 'VmHWM' | 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) : Number.NaN;
}

/**
 * Watches the peak resident set size of a process over a window. Resets the kernel's high-water
 * mark (`clear_refs` 5) at the start and reads `VmHWM` at the end; where that reset is not
 * allowed, samples `VmRSS` every 100 ms instead.
 */
export function watchPeakRss(pid: number): { stop(): { peakMb: number; method: string } } {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return { stop: () => ({ peakMb: statusKb(pid, 'VmHWM') / 1024, method: 'VmHWM' }) };
  } catch {
    let peakKb = statusKb(pid, 'VmRSS');
    const timer = setInterval(() => {
      peakKb = Math.max(peakKb, statusKb(pid, 'VmRSS'));
    }, 100);
    return {
      stop() {
        clearInterval(timer);
        return { peakMb: Math.max(peakKb, statusKb(pid, 'VmRSS')) / 1024, method: 'VmRSS samples' };
      },
    };
  }
}

/** Resident set size now, in MB. */
export function rssMb(pid: number): number {
  return statusKb(pid, 'VmRSS') / 1024;
}

// Progress for long commands (soak, eval, bench, build): a redrawn bar on a terminal, a plain
// line every few seconds when stderr is not a terminal (CI logs), nothing at all with --json
// so that stdout/stderr stay machine-readable. Always on stderr: stdout carries the results.
export interface Progress {
  /** done of total units; label is a short word for what is going on now. */
  update(done: number, total: number, label?: string): void;
  /** Clears the bar (terminal) so the result lines start on a clean line. */
  end(): void;
}

export interface ProgressOptions {
  json?: boolean;
  stream?: NodeJS.WriteStream;
  /** Minimum ms between plain lines when not on a terminal. */
  plainEveryMs?: number;
  now?: () => number;
}

export function progress(title: string, options: ProgressOptions = {}): Progress {
  const stream = options.stream || process.stderr;
  const now = options.now || Date.now;
  if (options.json) return { update() {}, end() {} };
  const tty = stream.isTTY === true;
  const plainEveryMs = options.plainEveryMs === undefined ? 5000 : options.plainEveryMs;
  let last = -Infinity;
  let drawn = false;
  return {
    update(done, total, label) {
      const t = now();
      const finished = done >= total;
      if (tty) {
        if (t - last < 100 && !finished) return;
        last = t;
        const width = Math.max(40, (stream.columns || 100) - 1);
        const fraction = total > 0 ? Math.min(1, done / total) : 0;
        const filled = Math.round(fraction * 30);
        const line = title + ' [' + '#'.repeat(filled) + '.'.repeat(30 - filled) + '] ' + done + '/' + total + (label ? ' ' + label : '');
        stream.write('\r\x1b[K' + line.slice(0, width));
        drawn = true;
      } else {
        if (t - last < plainEveryMs && !finished) return;
        last = t;
        stream.write(title + ': ' + done + '/' + total + (label ? ' ' + label : '') + '\n');
      }
    },
    end() {
      if (tty && drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}

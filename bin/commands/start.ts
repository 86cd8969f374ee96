// bfr-coach start (`npm start`): the whole product simulated (controller simulator, companion,
// watch app, trainee) and a page on http://127.0.0.1:8080 (PORT overrides) that shows it live.
// Prints the URL and a one-line status; Ctrl-C stops everything.
import * as z from 'zod/mini';
import { startWebSim, type WebSim } from '../../sim/web/server';
import { flagsAndTrace } from '../lib/traceFlags';
import { parseFlags, untilInterrupted } from '../lib/flags';

export const usage = [
  'usage: bfr-coach start [--port N] [--speed N] [--seed S] [--shape round|square] [--trace FILE]',
  '',
  '  --port N       TCP port on 127.0.0.1 (default: $PORT, else 8080; 0 = any free port)',
  '  --speed N      simulated seconds per real second (default 1 = real time; up to 100)',
  '  --seed S       seed of the controller model and the trainee (default 1)',
  '  --shape SHAPE  watch screen: round (480x480, default) or square (390x450); the page can switch',
  '  --trace FILE   replay a recorded wrist trace (CSV t_ms,ax,ay,az in m/s^2) instead of the motion model',
].join('\n');

const portString = (name: string) =>
  z.string().check(z.refine((s) => /^\d{1,5}$/.test(s) && Number(s) <= 65535, { message: name + ': expected a port number from 0 to 65535' }));

const flagSchemas = {
  port: portString('--port'),
  speed: z.string().check(z.refine((s) => /^\d+(\.\d+)?$/.test(s) && Number(s) >= 0.1 && Number(s) <= 100, { message: '--speed: expected a number from 0.1 to 100' })),
  seed: z.string().check(z.refine((s) => /^\d{1,10}$/.test(s) && Number(s) >= 1 && Number(s) <= 4294967295, { message: '--seed: expected a whole number from 1 to 4294967295' })),
  shape: z.string().check(z.refine((s) => s === 'round' || s === 'square', { message: '--shape: expected round or square' })),
  trace: z.string().check(z.refine((s) => s.length > 0, { message: '--trace: expected a file name' })),
};

export interface StartFlags {
  port: number;
  speed: number;
  seed: number;
  shape: 'r' | 's';
  trace: string | null;
}

/** Parses the flags (and PORT); throws an Error whose message names the bad flag. */
export function parseStartFlags(args: string[], env: Record<string, string | undefined> = process.env): StartFlags {
  const { values: raw } = parseFlags(args, flagSchemas);
  let port = 8080;
  if (raw.port !== undefined) port = Number(raw.port);
  else if (env.PORT !== undefined && env.PORT !== '') {
    const p = portString('PORT').safeParse(env.PORT);
    if (!p.success) throw new Error('PORT: expected a port number from 0 to 65535, got "' + env.PORT + '"');
    port = Number(env.PORT);
  }
  return {
    port,
    speed: raw.speed === undefined ? 1 : Number(raw.speed),
    seed: raw.seed === undefined ? 1 : Number(raw.seed),
    shape: raw.shape === 'square' ? 's' : 'r',
    trace: raw.trace === undefined ? null : raw.trace,
  };
}

export async function run(args: string[]): Promise<number> {
  const input = flagsAndTrace('start', usage, () => parseStartFlags(args));
  if (!input) return 2;
  const { flags, trace } = input;
  let sim: WebSim;
  try {
    sim = await startWebSim({ port: flags.port, speed: flags.speed, seed: flags.seed, shape: flags.shape, trace, traceName: flags.trace });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err && err.code === 'EADDRINUSE' ? 'port ' + flags.port + ' is in use (set PORT or --port, 0 = any free port)' : err && err.message ? err.message : String(e);
    console.error('bfr-coach start: cannot start: ' + why);
    return 1;
  }
  const s = sim;
  const tty = process.stdout.isTTY === true;
  console.log('BFR Coach simulator: open ' + s.url + '   (Ctrl-C to stop)');
  let last = '';
  const show = () => {
    const line = 'status: ' + s.statusLine().replace(s.url + '  ', '');
    if (tty) {
      const width = Math.max(40, (process.stdout.columns || 120) - 1);
      process.stdout.write('\r\x1b[K' + line.slice(0, width));
    } else if (line !== last) {
      console.log(line);
    }
    last = line;
  };
  show();
  const ticker = setInterval(show, tty ? 500 : 2000);
  await untilInterrupted();
  clearInterval(ticker);
  if (tty) process.stdout.write('\r\x1b[K');
  await s.close();
  console.log('simulator stopped');
  // Idle keep-alive sockets must not hold the process open after Ctrl-C.
  setTimeout(() => process.exit(0), 1500).unref();
  return 0;
}

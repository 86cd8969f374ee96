// bfr-coach latency: how long a cuff pressure reading takes from the controller to the watch,
// through the real pieces (HTTP long-poll, the companion's 2 Hz coalescing relay, ZML over the
// simulated BLE link), in real time. Prints p50 / p95 / max.
import * as z from 'zod';
import { startSystem } from '../../sim/system';

const flagsSchema = z.object({
  seconds: z.coerce.number().int().min(5).max(600).default(20),
  json: z.boolean().default(false),
});

function parseFlags(args: string[]): z.infer<typeof flagsSchema> {
  const raw: Record<string, unknown> = {};
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--json') raw.json = true;
    else if (args[i] === '--seconds') raw.seconds = args[++i];
    else throw new Error(`unknown option "${args[i]}" (options: --seconds N, --json)`);
  }
  const parsed = flagsSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`--${parsed.error.issues[0].path.join('.')}: ${parsed.error.issues[0].message}`);
  return parsed.data;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function run(args: string[]): Promise<number> {
  const flags = parseFlags(args);
  // startSystem's clock starts at the wall time of this moment, and the controller starts on it
  // before simulated time moves: controller time 0 is this instant.
  const controllerStart = Date.now();
  const sys = await startSystem({ speed: 1, seed: 11, lopMmHg: { arm: 150, leg: 220 } });
  const latencies: number[] = [];
  // Watch each chunk the phone sends the watch; a pressure update carries the controller time.
  sys.link.fault = (direction, bytes) => {
    if (direction === 'toWatch') {
      const text = Buffer.from(bytes).toString('latin1');
      const m = /"kind":"pressure".*?"controllerTimeMs":(\d+)/.exec(text);
      // Simulated time (at speed 1 it runs with the wall clock): when the chunk lands on the watch.
      const arrives = sys.clock.now() + 12; // the link's latency
      if (m) latencies.push(arrives - (controllerStart + Number(m[1])));
    }
    return null;
  };
  await sys.watch.launch('page/session/index.page', JSON.stringify({ programId: 'walk-continuous', restriction: 'cuffs', cuffs: [{ cuffId: 'leg', lopMmHg: 220 }] }));
  await new Promise((r) => setTimeout(r, flags.seconds * 1000));
  await sys.stop();
  const sorted = latencies.filter((l) => l >= 0).sort((a, b) => a - b);
  const result = { kind: 'pressureLatency', samples: sorted.length, p50Ms: percentile(sorted, 50), p95Ms: percentile(sorted, 95), maxMs: sorted[sorted.length - 1] };
  if (!flags.json) console.log(`controller -> watch pressure latency over ${flags.seconds} s: p50 ${result.p50Ms} ms, p95 ${result.p95Ms} ms, max ${result.maxMs} ms (${result.samples} updates)`);
  console.log(JSON.stringify(result));
  return 0;
}

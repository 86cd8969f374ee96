// bfr-coach soak --runs N --seed S [--json] [--full F]: randomised end-to-end runs under link,
// app and service faults (sim/soak/run.ts), with the invariants checked after each run. Prints
// the counts; exits 1 if any session was lost, any deflate was late or any run broke a rule.
// Progress on stderr: a bar on a terminal, a plain line every few seconds otherwise, nothing
// with --json (bin/lib/progress.ts); a failed run is reported as it happens.
import { FAULT_CLASSES, runSoak } from '../../sim/soak/run';
import { progress } from '../lib/progress';

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const v = Number(args[i + 1]);
  if (!Number.isFinite(v)) throw new Error(name + ' needs a number');
  return v;
}

export async function run(args: string[]): Promise<number> {
  const runs = Math.max(1, Math.floor(option(args, '--runs', 100)));
  const seed = Math.floor(option(args, '--seed', 1));
  const full = option(args, '--full', 0.15);
  const json = args.includes('--json');
  const bar = progress('soak', { json });
  let failed = 0;
  bar.update(0, runs, 'seed ' + seed);
  const summary = await runSoak({
    runs, seed, fullFraction: full,
    onRun: (r, i) => {
      if (!r.ok) {
        failed++;
        bar.end();
        console.error('run seed ' + r.plan.seed + ' FAILED:\n  ' + r.violations.join('\n  '));
      }
      bar.update(i + 1, runs, 'runs (seed ' + r.plan.seed + ', ' + failed + ' failed)');
    },
  });
  bar.end();
  if (json) {
    console.log(JSON.stringify(summary, null, 2));
  } else {
    const injected = FAULT_CLASSES.reduce((n, k) => n + summary.faults[k], 0);
    console.log('runs: ' + summary.runs + ' (seeds ' + seed + '-' + (seed + runs - 1) + '), failed: ' + summary.failed);
    console.log('faults injected: ' + injected);
    for (const k of FAULT_CLASSES) console.log('  ' + k.padEnd(14) + String(summary.faults[k]).padStart(7) + ' in ' + summary.runsWith[k] + ' runs');
    console.log('sessions by end: ' + JSON.stringify(summary.finished));
    console.log('sessions lost: ' + summary.sessionsLost);
    console.log('late deflates: ' + summary.lateDeflates + ' (runs with a cuff up while the watch was silent: ' + summary.silentWhileInflatedRuns +
      ', longest such silence: ' + Math.round(summary.maxSilentInflatedMs) + ' ms, limit 10000)');
    console.log('rejected (counted with a reason): ' + JSON.stringify(summary.rejected));
    console.log('time: ' + (summary.realMs / 1000).toFixed(1) + ' s');
    if (summary.failures.length) console.log('replay a failure: bfr-coach soak --runs 1 --seed ' + summary.failures[0].seed);
  }
  return summary.failed === 0 && summary.sessionsLost === 0 && summary.lateDeflates === 0 ? 0 : 1;
}

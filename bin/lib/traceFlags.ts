// The start of `start` and `simulate`: parse the flags, read the --trace file if one is given.
// A bad flag or trace prints a message naming it (and the usage for a flag) and gives null,
// which the command turns into exit code 2.
import { readTrace } from '../../sim/traceReplay';
import type { SynthTrace } from '../../shared/motion/synth';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function flagsAndTrace<F extends { trace: string | null }>(
  command: string,
  usage: string,
  parse: () => F,
): { flags: F; trace: SynthTrace | null } | null {
  let flags: F;
  try {
    flags = parse();
  } catch (e) {
    console.error('bfr-coach ' + command + ': ' + message(e) + '\n\n' + usage);
    return null;
  }
  if (!flags.trace) return { flags, trace: null };
  try {
    return { flags, trace: readTrace(flags.trace) };
  } catch (e) {
    console.error('bfr-coach ' + command + ': --trace: ' + message(e));
    return null;
  }
}

// bfr-coach simulate: one program start to finish on the whole simulated system, headless and
// as fast as --speed allows; a progress bar on a terminal, then a summary (one JSON line with
// --json). Exit 0 when the session completed, the phone stored it and the cuffs ended deflated.
import * as z from 'zod/mini';
import { LANGUAGES, PROGRAM_IDS, WRIST_FAULTS, isProgramId, parseFaultSpec, simulate, simulateBleCuff, type Language, type SimulateProgress, type SimulationSummary, type WristFault } from '../../sim/simulate';
import { flagsAndTrace } from '../lib/traceFlags';
import { PROGRAMS } from '../../shared/programs/catalog';
import { parseFlags } from '../lib/flags';
import type { FaultPatch } from '../../sim/controller/server';
import { DEVICE_EVENT_NAMES, parseDeviceEvents, type DeviceEvent } from '../../sim/zepp/deviceEvents';

export const usage = [
  'usage: bfr-coach simulate --program ID [--speed N|max] [--seed S] [--shape round|square] [--trace FILE] [--faults SPEC] [--events SPEC] [--effort N] [--export DIR] [--lang LANG] [--json]',
  '       bfr-coach simulate --program ID --cuff ble --no-phone [--cuff-faults LIST] [--speed N|max] [--seed S] [--json]',
  '',
  '  --program ID    one of: ' + PROGRAM_IDS.join(', '),
  '  --speed N       simulated seconds per real second (default 60; 1-1000), or max: virtual time,',
  '                  as fast as the machine allows (slowed, never broken, by a busy machine)',
  '  --seed S        seed of the controller model and the trainee (default 1)',
  '  --shape SHAPE   watch screen: round (480x480, default) or square (390x450)',
  '  --trace FILE    replay a recorded wrist trace (CSV t_ms,ax,ay,az in m/s^2) instead of the motion model',
  '  --faults SPEC   controller faults from the start: name=value pairs, comma-separated, or JSON',
  '                  e.g. dropRate=0.05,delayMs=200   errorRate=0.1   stuckValve=arm+leg   spike=leg:150',
  '  --events SPEC   what the watch does during the session: NAME@TIME[:DURATION], comma-separated,',
  '                  times from the session start, e.g. wake-relaunch@90s,back-key@150s,ble-drop@200s:20s',
  '                  events: ' + DEVICE_EVENT_NAMES.join(', '),
  '  --effort N      the answer to "Effort 1-10?" in each rest (default 5; above 7 stops the session)',
  '  --export DIR    write the session as DIR/<sessionId>.fit, .csv and .json (the phone\'s exporters)',
  '  --lang LANG     the watch\'s language: ' + LANGUAGES.join(', ') + ' (default en-US); the summary counts texts shown',
  '                  that are not from its catalog ("untranslated") and texts wider than their widget ("overflowing")',
  '  --cuff ble      a standard Bluetooth hand-pump cuff read by the watch itself, wrist only (with',
  '                  --no-phone; no controller): pair from a scan, pump to the target shown, release',
  '                  when told; the JSON line has stored (record in the watch outbox), pressureSamples,',
  '                  alarmCount, expectedAlarmCount and alarmsMatchFaults',
  '  --no-phone      no phone at all (only with --cuff ble)',
  '  --cuff-faults LIST  Bluetooth cuff faults, comma-separated, from: ' + WRIST_FAULTS.join(', '),
  '                  the Nth fault hits work set N, 40 s in (at most one per work set); alarms each must raise:',
  '                  disconnect 0 (reconnects before the 5 s stale warning), kPa 0 (converted),',
  '                  garbage 1 and nan 1 (10 s without a value: "no pressure reading"),',
  '                  silent 2 (20 s: "no pressure reading", then "release the cuff now"),',
  '                  overpump 1 (trainee pumps 50 % over target: "release the cuff now" after 5 s)',
  '  --json          print only the summary, as one JSON line',
].join('\n');

const int = (flag: string, min: number, max: number) =>
  z.string().check(z.refine((s) => /^\d{1,10}$/.test(s) && Number(s) >= min && Number(s) <= max, { message: flag + ': expected a whole number from ' + min + ' to ' + max }));

/** Programs that use cuffs (a Bluetooth cuff replaces the controller's). */
const PROGRAMS_WITH_CUFFS: string[] = PROGRAM_IDS.filter((id) => PROGRAMS[id].device === 'cuffs');

const flagSchemas = {
  program: z.string().check(z.refine((s) => isProgramId(s), { message: '--program: expected one of ' + PROGRAM_IDS.join(', ') })),
  speed: z.string().check(z.refine((s) => s === 'max' || (/^\d+(\.\d+)?$/.test(s) && Number(s) >= 1 && Number(s) <= 1000), { message: '--speed: expected a number from 1 to 1000, or max' })),
  seed: int('--seed', 1, 4294967295),
  shape: z.string().check(z.refine((s) => s === 'round' || s === 'square' || s === 'r' || s === 's', { message: '--shape: expected round or square' })),
  trace: z.string().check(z.refine((s) => s.length > 0, { message: '--trace: expected a file name' })),
  faults: z.string().check(z.refine((s) => s.trim().length > 0, { message: '--faults: expected a spec such as dropRate=0.1' })),
  events: z.string().check(z.refine((s) => s.trim().length > 0, { message: '--events: expected a spec such as wake-relaunch@90s' })),
  effort: int('--effort', 1, 10),
  export: z.string().check(z.refine((s) => s.trim().length > 0, { message: '--export: expected a directory' })),
  lang: z.string().check(z.refine((s) => (LANGUAGES as readonly string[]).indexOf(s) >= 0, { message: '--lang: expected one of ' + LANGUAGES.join(', ') })),
  cuff: z.string().check(z.refine((s) => s === 'ble', { message: '--cuff: expected ble' })),
  'cuff-faults': z.string().check(z.refine((s) => s.split(',').every((f) => (WRIST_FAULTS as readonly string[]).indexOf(f.trim()) >= 0), { message: '--cuff-faults: expected a comma-separated list of ' + WRIST_FAULTS.join(', ') })),
};
const BOOLEAN_FLAGS = ['json', 'no-phone'] as const;

export interface SimulateFlags {
  program: (typeof PROGRAM_IDS)[number];
  speed: number | 'max';
  seed: number;
  shape: 'r' | 's';
  trace: string | null;
  faults: FaultPatch | null;
  events: DeviceEvent[] | null;
  effort: number;
  json: boolean;
  exportDir: string | null;
  lang: Language;
  /** `--cuff ble --no-phone`: the wrist-only Bluetooth cuff run. */
  bleCuff: boolean;
  cuffFaults: WristFault[];
}

/** Parses the flags; throws an Error whose message names the bad flag. */
export function parseSimulateFlags(args: string[]): SimulateFlags {
  const { values: raw, booleans } = parseFlags(args, flagSchemas, BOOLEAN_FLAGS);
  const json = booleans.json === true;
  if (raw.program === undefined) throw new Error('--program is required (one of ' + PROGRAM_IDS.join(', ') + ')');
  const bleCuff = raw.cuff === 'ble';
  if (bleCuff !== (booleans['no-phone'] === true)) throw new Error('--cuff ble and --no-phone go together (a Bluetooth cuff session needs no phone; the phone-free run has no controller)');
  if (!bleCuff && raw['cuff-faults'] !== undefined) throw new Error('--cuff-faults needs --cuff ble');
  if (bleCuff && PROGRAMS_WITH_CUFFS.indexOf(raw.program) < 0) throw new Error('--cuff ble: ' + raw.program + ' is not a cuff program');
  const cuffFaults = raw['cuff-faults'] === undefined ? [] : (raw['cuff-faults'].split(',').map((f) => f.trim()) as WristFault[]);
  const workSets = PROGRAMS[raw.program as SimulateFlags['program']].sets.length;
  if (cuffFaults.length > workSets) throw new Error('--cuff-faults: at most ' + workSets + ' faults for ' + raw.program + ' (one per work set)');
  return {
    program: raw.program as SimulateFlags['program'],
    speed: raw.speed === undefined ? 60 : raw.speed === 'max' ? 'max' : Number(raw.speed),
    seed: raw.seed === undefined ? 1 : Number(raw.seed),
    shape: raw.shape === 'square' || raw.shape === 's' ? 's' : 'r',
    trace: raw.trace === undefined ? null : raw.trace,
    faults: raw.faults === undefined ? null : parseFaultSpec(raw.faults),
    events: raw.events === undefined ? null : parseDeviceEvents(raw.events),
    effort: raw.effort === undefined ? 5 : Number(raw.effort),
    json,
    exportDir: raw.export === undefined ? null : raw.export,
    lang: raw.lang === undefined ? 'en-US' : (raw.lang as Language),
    bleCuff,
    cuffFaults,
  };
}

function bar(p: SimulateProgress, width = 30): string {
  const filled = Math.round(p.fraction * width);
  const screen = p.screen.replace(/\s+/g, ' ');
  return '[' + '#'.repeat(filled) + '.'.repeat(width - filled) + '] ' + String(Math.round(p.fraction * 100)).padStart(3) + '% ' + p.stage.padEnd(9) + ' ' + screen;
}

function fmtMs(ms: number): string {
  const s = Math.round(ms / 1000);
  return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
}

/** A few readable lines for a person (the JSON line has everything). */
export function describeSummary(s: SimulationSummary): string {
  const lines = [
    s.programName + ' (' + s.program + '): ' + s.status + (s.endReason ? ' (' + s.endReason + ')' : '') + ', work phases ' + s.phases.work.done + '/' + s.phases.work.planned +
      ', ' + s.simulatedS + ' s simulated in ' + s.wallS + ' s at x' + s.speed,
  ];
  if (s.lop) lines.push('LOP ' + (s.lop.mmHg === null ? 'not measured' : s.lop.mmHg + ' mmHg') + ' after ' + s.lop.attempts + ' attempt(s)');
  for (const set of s.sets) {
    lines.push('  set ' + set.set + ': ' + set.counted + ' ' + set.countingMode + (set.target !== null ? ' (target ' + set.target + ')' : '') +
      (set.inBandPercent !== null ? ', ' + set.inBandPercent + ' % in band' : ''));
  }
  for (const o of s.occlusion) lines.push('occlusion ' + o.limb + ': ' + fmtMs(o.totalMs) + ' total, ' + fmtMs(o.longestContinuousMs) + ' longest');
  lines.push('alarms: ' + (s.alarms.length ? s.alarms.map((a) => a.kind + ' at ' + a.atS + ' s').join(', ') : 'none'));
  for (const e of s.events) lines.push('event ' + e.event + ' at ' + e.atS + ' s: ' + e.outcome);
  if (s.events.length) lines.push('sessions on the phone: ' + s.sessions + '   resumed after a relaunch: ' + s.resumed + '   crashes: ' + s.crashes);
  lines.push('cuffs deflated: ' + (s.cuffsDeflated ? 'yes' : 'NO') + '   phone stored the session: ' + (s.phoneStored ? 'yes' : 'NO'));
  lines.push('language ' + s.lang + ': ' + s.untranslated + ' text(s) not from its catalog, ' + s.overflowing + ' wider than their widget');
  for (const issue of s.textIssues) lines.push('  ' + issue);
  if (s.exported) lines.push('exported: ' + (s.exported.length ? s.exported.join(', ') : 'nothing'));
  if (s.problems.length) lines.push('problems: ' + s.problems.join('; '));
  return lines.join('\n');
}

export async function run(args: string[]): Promise<number> {
  const input = flagsAndTrace('simulate', usage, () => parseSimulateFlags(args));
  if (!input) return 2;
  const { flags, trace } = input;
  if (flags.bleCuff) {
    const ble = await simulateBleCuff({ programId: flags.program, faults: flags.cuffFaults, seed: flags.seed, speed: flags.speed });
    if (!flags.json) {
      console.log(ble.program + ' with a Bluetooth cuff, no phone: ' + ble.status + ', ' + ble.pressureSamples + ' pressure samples, stored in the watch outbox: ' + (ble.stored ? 'yes' : 'NO'));
      console.log('alarms: ' + ble.alarmCount + ' (faults predict ' + ble.expectedAlarmCount + ')' + (ble.alarms.length ? ': ' + ble.alarms.map((a) => a.kind + ' at ' + a.atS + ' s').join(', ') : ''));
    }
    console.log(JSON.stringify(ble));
    return ble.ok ? 0 : 1;
  }
  const tty = !flags.json && process.stderr.isTTY === true;
  let lastDraw = 0;
  const width = () => Math.max(40, (process.stderr.columns || 100) - 1);
  const onProgress = (p: SimulateProgress) => {
    if (!tty) return;
    const now = Date.now();
    if (now - lastDraw < 100 && p.stage !== 'done') return;
    lastDraw = now;
    process.stderr.write('\r\x1b[K' + bar(p).slice(0, width()));
  };
  let summary: SimulationSummary;
  try {
    summary = await simulate({
      programId: flags.program, speed: flags.speed, seed: flags.seed, shape: flags.shape, trace, faults: flags.faults,
      events: flags.events, effort: flags.effort, onProgress, exportDir: flags.exportDir, lang: flags.lang,
    });
  } finally {
    if (tty) process.stderr.write('\r\x1b[K');
  }
  if (!flags.json) console.log(describeSummary(summary));
  console.log(JSON.stringify(summary));
  return summary.ok ? 0 : 1;
}

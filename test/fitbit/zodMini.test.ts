// The Fitbit device bundle runs shared/'s schemas on fitbit/app/lib/zodMini.ts instead of zod
// (zod does not fit the watch's JerryScript). Both engines parse the same inputs here: valid
// messages, states and records made by the real engine, the same with one to three fields
// broken, and arbitrary values. The results must be identical: ok, the parsed value, the
// error text and the failing fields. A third set is the device bundle's own: zodMini with the
// schemas that scripts/buildFitbit.js makes lazy (made when used) wrapped as it does.
import fc from 'fast-check';
import path from 'path';
import { PROGRAM_IDS } from '../../shared/programs/catalog';
import type { ParseResult } from '../../shared/protocol/common';
import { cleanScreening, reading, run, session, start, ticks, T0 } from '../shared/session/fixtures';

interface Parsers {
  parseMessage: (x: unknown) => ParseResult<unknown>;
  parseSessionRecord: (x: unknown) => ParseResult<unknown>;
  parseSessionState: (x: unknown) => ParseResult<unknown>;
  parseScreeningAnswers: (x: unknown) => ParseResult<unknown>;
  parseSettingsSync: (x: unknown) => ParseResult<unknown>;
  parsePressureUpdate: (x: unknown) => ParseResult<unknown>;
  parseCuffCommandRequest: (x: unknown) => ParseResult<unknown>;
  parseCuffCommandResult: (x: unknown) => ParseResult<unknown>;
  parseSessionAck: (x: unknown) => ParseResult<unknown>;
  parseSessionPush: (x: unknown) => ParseResult<unknown>;
  resolveProgram: (id: string, adjustment?: unknown) => ParseResult<unknown>;
  screeningAllowsRestriction: (x: unknown) => unknown;
  /** A schema object, to prove which engine built it. */
  probe: unknown;
}

function load(): Parsers {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const messages = require('../../shared/protocol/messages');
  const record = require('../../shared/protocol/sessionRecord');
  const state = require('../../shared/session/state');
  const screening = require('../../shared/protocol/screening');
  const settings = require('../../shared/protocol/settings');
  const pressure = require('../../shared/protocol/pressure');
  const cuff = require('../../shared/protocol/cuffCommand');
  const sync = require('../../shared/protocol/sessionSync');
  const adjust = require('../../shared/programs/adjust');
  const rule = require('../../shared/safety/screeningRule');
  /* eslint-enable @typescript-eslint/no-require-imports */
  return {
    parseMessage: messages.parseMessage,
    parseSessionRecord: record.parseSessionRecord,
    parseSessionState: state.parseSessionState,
    parseScreeningAnswers: screening.parseScreeningAnswers,
    parseSettingsSync: settings.parseSettingsSync,
    parsePressureUpdate: pressure.parsePressureUpdate,
    parseCuffCommandRequest: cuff.parseCuffCommandRequest,
    parseCuffCommandResult: cuff.parseCuffCommandResult,
    parseSessionAck: sync.parseSessionAck,
    parseSessionPush: sync.parseSessionPush,
    resolveProgram: adjust.resolveProgram,
    screeningAllowsRestriction: rule.screeningAllowsRestriction,
    probe: state.sessionStateSchema,
  };
}

const real = load();
let lite = real;
jest.isolateModules(() => {
  jest.doMock('zod/mini', () => jest.requireActual('../../fitbit/app/lib/zodMini'));
  lite = load();
});
jest.dontMock('zod/mini');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Schema } = require('../../fitbit/app/lib/zodMini');

type ParserName = Exclude<keyof Parsers, 'resolveProgram' | 'probe'>;

/**
 * The same parsers as the device bundle makes them: zodMini, the session record, state and other
 * schemas made on first use (scripts/buildFitbit.js, lazySchemas), the program catalog made when
 * read (lazyCatalog) and the screening questions without their text, bundled by esbuild.
 */
let device: Parsers = real;
beforeAll(async () => {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const esbuild = require('esbuild');
  const { deviceZod } = require('../../scripts/buildFitbit');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const r = await esbuild.build({
    stdin: {
      contents: [
        "import * as messages from './shared/protocol/messages';", "import * as record from './shared/protocol/sessionRecord';",
        "import * as state from './shared/session/state';", "import * as screening from './shared/protocol/screening';",
        "import * as settings from './shared/protocol/settings';", "import * as pressure from './shared/protocol/pressure';",
        "import * as cuff from './shared/protocol/cuffCommand';", "import * as sync from './shared/protocol/sessionSync';",
        "import * as adjust from './shared/programs/adjust';", "import * as rule from './shared/safety/screeningRule';",
        'export default {', '  parseMessage: messages.parseMessage, parseSessionRecord: record.parseSessionRecord,',
        '  parseSessionState: state.parseSessionState, parseScreeningAnswers: screening.parseScreeningAnswers,',
        '  parseSettingsSync: settings.parseSettingsSync, parsePressureUpdate: pressure.parsePressureUpdate,',
        '  parseCuffCommandRequest: cuff.parseCuffCommandRequest, parseCuffCommandResult: cuff.parseCuffCommandResult,',
        '  parseSessionAck: sync.parseSessionAck, parseSessionPush: sync.parseSessionPush, resolveProgram: adjust.resolveProgram,',
        '  screeningAllowsRestriction: rule.screeningAllowsRestriction, probe: state.sessionStateSchema,',
        '};',
      ].join('\n'),
      resolveDir: path.resolve(__dirname, '../..'),
      loader: 'ts',
    },
    bundle: true, write: false, format: 'cjs', platform: 'neutral', mainFields: ['module', 'main'], plugins: [deviceZod], logLevel: 'silent',
  });
  const mod = { exports: {} as { default: Parsers } };
  new Function('module', 'exports', 'require', r.outputFiles[0].text)(mod, mod.exports, require);
  device = mod.exports.default;
});

/**
 * The device's session state names no Bluetooth cuff (scripts/buildFitbit.js, noBleCuff): a
 * state whose cuffSource is present and not 'controller' is refused there, naming that field,
 * whatever zod says of it; every other state parses as with zod.
 */
function bleOnDevice(name: ParserName, input: unknown): boolean {
  return name === 'parseSessionState' && typeof input === 'object' && input !== null && 'cuffSource' in input &&
    (input as { cuffSource: unknown }).cuffSource !== undefined && (input as { cuffSource: unknown }).cuffSource !== 'controller';
}

function agree(name: ParserName, input: unknown): void {
  const want = real[name](input);
  for (const [engine, got] of [['zodMini', lite[name](input)], ['zodMini with lazy schemas', device[name](input)]] as const) {
    try {
      if (engine !== 'zodMini' && bleOnDevice(name, input)) expect(got).toMatchObject({ ok: false, fields: expect.arrayContaining(['cuffSource']) });
      else expect(got).toStrictEqual(want);
    } catch (e) {
      throw new Error(name + '(' + show(input) + '): zod and ' + engine + ' differ\n' + (e as Error).message);
    }
  }
}

function show(v: unknown): string {
  try {
    const s = JSON.stringify(v, (_k, x) => (x === undefined ? '<undefined>' : typeof x === 'number' && !isFinite(x) ? String(x) : x));
    return s && s.length > 400 ? s.slice(0, 400) + '...' : String(s);
  } catch {
    return String(v);
  }
}

// --- valid inputs, made by the real engine ---------------------------------------------------

function cuffedState() {
  let s = session('walk-intervals');
  const events = [start(), ...ticks(T0 + 1000, T0 + 5000)];
  let seq = 1;
  for (let t = T0 + 6000; t < T0 + 200_000; t += 1000) {
    events.push({ type: 'pressure', nowMs: t, reading: reading('left', 118, seq++, 'holding', 120) });
    events.push({ type: 'pressure', nowMs: t, reading: reading('right', 140, seq++, 'holding', 120) });
    events.push({ type: 'tick', nowMs: t + 500 });
    if (t % 7000 === 0) events.push({ type: 'step', nowMs: t + 10 });
  }
  s = run(s, events, false).state;
  return s;
}

function wrapsState() {
  const events = [start(), ...ticks(T0 + 1000, T0 + 400_000, 2000)];
  for (let t = T0 + 2000; t < T0 + 60_000; t += 3000) events.push({ type: 'rep', nowMs: t });
  events.sort((a, b) => a.nowMs - b.nowMs);
  return run(session('quick-wrist'), events, false).state;
}

const cuffed = cuffedState();
const wraps = wrapsState();
const fresh = session('resistance-30-15-15-15');

const settingsMsg = {
  v: 1, kind: 'settings', controllerAddress: 'https://192.168.1.20:8443', updatedAtMs: T0, revision: 'r-1',
  cuffs: [
    { cuffId: 'arm-left', limb: 'arm', side: 'left', widthCm: 11, lopMmHg: 180, lopMeasuredAtMs: T0 - 5000 },
    { cuffId: 'arm-right', limb: 'arm', side: 'right', widthCm: 11, lopMmHg: null, lopMeasuredAtMs: null },
  ],
};
const MESSAGES: unknown[] = [
  reading('arm-left', 72.5, 12),
  reading('arm-left', 0, 0, 'idle', null),
  { v: 1, kind: 'cuffCommand', id: 'c1-1', command: { type: 'inflate', cuffId: 'arm-left', percentLop: 40 } },
  { v: 1, kind: 'cuffCommand', id: 'c1-2', command: { type: 'deflate', cuffId: 'arm-left' } },
  { v: 1, kind: 'cuffCommand', id: 'c1-3', command: { type: 'deflateAll' } },
  { v: 1, kind: 'cuffCommand', id: 'c1-4', command: { type: 'measureLop', cuffId: 'arm-left' } },
  { v: 1, kind: 'cuffCommandResult', id: 'c1-1', ok: true, targetMmHg: 72 },
  { v: 1, kind: 'cuffCommandResult', id: 'c1-4', ok: true, lopMmHg: 180, seq: 4 },
  { v: 1, kind: 'cuffCommandResult', id: 'c1-2', ok: false, error: { code: 'controllerUnreachable', message: 'no route' } },
  { v: 1, kind: 'sessionAck', id: 's-1', stored: true },
  { v: 1, kind: 'sessionAck', id: 's-1', stored: false, error: 'storage full' },
  { v: 1, kind: 'sessionPush', record: cuffed.record },
  settingsMsg,
  { ...settingsMsg, controllerAddress: null, revision: undefined, cuffs: [] },
  cleanScreening,
];
const PARSER_OF: Array<[ParserName, unknown]> = [
  ...MESSAGES.map((m): [ParserName, unknown] => ['parseMessage', m]),
  ['parseSessionState', cuffed], ['parseSessionState', wraps], ['parseSessionState', fresh],
  ['parseSessionRecord', cuffed.record], ['parseSessionRecord', wraps.record],
  ['parseScreeningAnswers', cleanScreening], ['parseSettingsSync', settingsMsg],
  ['parsePressureUpdate', MESSAGES[0]], ['parseCuffCommandRequest', MESSAGES[2]],
  ['parseCuffCommandResult', MESSAGES[6]], ['parseSessionAck', MESSAGES[9]], ['parseSessionPush', MESSAGES[11]],
  ['screeningAllowsRestriction', cleanScreening],
];

// --- breaking them ---------------------------------------------------------------------------

const ODD: unknown[] = [
  undefined, null, true, false, 0, -0, -1, 1, 1.5, 10, 100, 301, NaN, Infinity, -Infinity,
  2 ** 53, -(2 ** 53), 9007199254740991, 1e300, 8640000000000001, -0.5,
  '', 'x', 'a b', 'x'.repeat(16), 'x'.repeat(17), 'x'.repeat(64), 'x'.repeat(65), 'x'.repeat(121), 'x'.repeat(201), '\u{1F600}'.repeat(40),
  '\u{1F600}'.repeat(9), 'ab\ud800', '\ud800\ud800', 'arm', 'leg', 'work', 'rest', 'cuffs', 'wraps', 'none',
  'inflate', 'deflateAll', 'holding', 'pressure', 'settings', 'sessionAck', 'kind', '__proto__',
  [], [1], [null], ['arm'], [0, 0, 0, 0, 0], new Array(70).fill({}), new Array(33).fill('x'), {}, { kind: 'pressure' }, { type: 'deflate' }, { length: 3 }, { length: 'abc' },
];

/** Every path to a value inside v (objects and arrays), depth-first. */
function paths(v: unknown, at: Array<string | number> = [], out: Array<Array<string | number>> = []) {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...at, i], out));
  else if (v && typeof v === 'object') for (const k of Object.keys(v)) paths((v as Record<string, unknown>)[k], [...at, k], out);
  return out;
}

type Edit = { kind: 'set'; pick: number; value: unknown } | { kind: 'delete'; pick: number } | { kind: 'extra'; pick: number; key: string; value: unknown };

function edit(v: unknown, e: Edit): unknown {
  const copy = structuredClone(v);
  const all = paths(copy);
  const path = all[e.pick % all.length];
  if (path.length === 0) return e.kind === 'set' ? e.value : copy;
  let parent = copy as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (e.kind === 'set') parent[last] = e.value;
  else if (e.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else if (parent[last] && typeof parent[last] === 'object' && !Array.isArray(parent[last])) {
    (parent[last] as Record<string, unknown>)[e.key] = e.value;
  }
  return copy;
}

const valueArb = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...ODD) }, { weight: 1, arbitrary: fc.anything() });
const editArb: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('set' as const), pick: fc.nat(), value: valueArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('extra' as const), pick: fc.nat(), key: fc.constantFrom('extra', 'kind', 'v', '__proto__'), value: valueArb }) },
);

describe('zodMini (the device bundle) parses exactly as zod does', () => {
  it('builds the shared schemas on zodMini when zod/mini is swapped', () => {
    // (a class from the isolated registry: compared by name)
    expect((lite.probe as object).constructor.name).toBe(Schema.name);
    expect((real.probe as object).constructor.name).not.toBe(Schema.name);
    // the device bundle's state schema is made on first use: a LAZY schema until then
    expect((device.probe as { k: number; x: unknown }).x).toEqual(expect.any(Function));
  });

  it('agrees on valid messages, states and records from the real engine', () => {
    expect(cuffed.record.phases.length).toBeGreaterThan(2);
    expect(cuffed.record.pressureSamples.length).toBeGreaterThan(10);
    expect(wraps.status).toBe('finished');
    for (const [name, input] of PARSER_OF) {
      agree(name, input);
      if (name !== 'screeningAllowsRestriction') expect(real[name](input)).toMatchObject({ ok: true });
    }
  });

  it('agrees on the same inputs with one to three fields broken, removed or added', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PARSER_OF), fc.array(editArb, { minLength: 1, maxLength: 3 }), ([name, input], edits) => {
        let v = input;
        for (const e of edits) v = edit(v, e);
        agree(name, v);
        if (name !== 'parseMessage' && name !== 'screeningAllowsRestriction') agree('parseMessage', v);
      }),
      { numRuns: 1500 },
    );
  });

  it('agrees on arbitrary values', () => {
    const names = PARSER_OF.map(([n]) => n).filter((n, i, a) => a.indexOf(n) === i);
    fc.assert(fc.property(fc.constantFrom(...names), fc.anything({ withNullPrototype: true, withSparseArray: true }), (name, v) => agree(name, v)), { numRuns: 1500 });
  });

  it('hands back a clean input itself (no second copy of a record in the heap), and copies otherwise', () => {
    // (plain objects of this realm: structuredClone's come from Node's, and are copied)
    const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));
    const record = clone(cuffed.record);
    const parsed = lite.parseSessionRecord(record);
    expect(parsed.ok && parsed.value).toBe(record);
    const withExtra = { ...clone(cuffed.record), extra: 1 };
    const stripped = lite.parseSessionRecord(withExtra);
    expect(stripped.ok && stripped.value).not.toBe(withExtra);
    expect(stripped).toStrictEqual(real.parseSessionRecord(withExtra));
    const nested = clone(cuffed.record) as unknown as { pressureSamples: Array<Record<string, unknown>>; phases: unknown[] };
    nested.pressureSamples[3].extra = 1;
    const copied = lite.parseSessionRecord(nested) as { ok: true; value: typeof nested };
    expect(copied.value).not.toBe(nested);
    expect(copied.value.pressureSamples).not.toBe(nested.pressureSamples);
    expect(copied.value.pressureSamples[2]).toBe(nested.pressureSamples[2]);
    expect(copied.value.pressureSamples[3]).not.toHaveProperty('extra');
    expect(copied.value.phases).toBe(nested.phases);
  });

  it('strips unknown keys and fills defaults in any position of the shape', () => {
    const msg = reading('arm-left', 72.5, 3) as Record<string, unknown>;
    for (const key of Object.keys(msg)) {
      agree('parseMessage', { [key + 'X']: 1, ...msg });
      agree('parseMessage', { ...msg, [key]: undefined });
      const without = { ...msg };
      delete without[key];
      agree('parsePressureUpdate', { ...without, extra: [1] });
    }
    const state = JSON.parse(JSON.stringify(fresh)) as Record<string, unknown>;
    for (const key of ['cuffSource', 'release', 'heartRate', 'activeAlarms', 'notice']) {
      const without = { ...state };
      delete without[key];
      agree('parseSessionState', without);
    }
  });

  it('the device bundle refuses a Bluetooth-cuff state that zod and zodMini take', () => {
    const ble = { ...cuffed, cuffSource: 'ble', record: { ...cuffed.record, cuffSource: 'ble' } };
    const want = real.parseSessionState(ble);
    expect(want.ok).toBe(true);
    expect(lite.parseSessionState(ble)).toStrictEqual(want);
    expect(device.parseSessionState(ble)).toMatchObject({ ok: false, fields: ['cuffSource'] });
    expect(device.parseSessionState(cuffed)).toStrictEqual(real.parseSessionState(cuffed));
    expect(device.parseSessionRecord(ble.record)).toStrictEqual(real.parseSessionRecord(ble.record));
  });

  it('agrees on program adjustments (superRefine) for every preset', () => {
    const adj = fc.record(
      {
        v: fc.oneof(fc.constant(1), valueArb),
        programId: fc.oneof(fc.constantFrom(...PROGRAM_IDS), valueArb),
        percentLop: fc.oneof(fc.integer({ min: 0, max: 120 }), valueArb),
        workMs: fc.oneof(fc.integer({ min: 0, max: 3_700_000 }), valueArb),
        restMs: fc.oneof(fc.integer({ min: 0, max: 700_000 }), valueArb),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.constantFrom(...PROGRAM_IDS), fc.oneof(adj, valueArb), (id, a) => {
        const want = real.resolveProgram(id, a);
        expect(lite.resolveProgram(id, a)).toStrictEqual(want);
        // the device bundle makes the catalog when a program is looked up (lazyCatalog)
        expect(device.resolveProgram(id, a)).toStrictEqual(want);
      }),
      { numRuns: 2000 },
    );
    for (const id of [...PROGRAM_IDS, 'nope', '__proto__', 'toString']) {
      expect(lite.resolveProgram(id)).toStrictEqual(real.resolveProgram(id));
      expect(device.resolveProgram(id)).toStrictEqual(real.resolveProgram(id));
    }
  });
});

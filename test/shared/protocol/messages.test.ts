// Every message schema: a good sample parses; wrong types, out-of-range numbers, unknown
// versions and oversized arrays are refused with an error naming the field; fuzzing never throws.
import fc from 'fast-check';
import * as z from 'zod/mini';
import { cuffCommandRequestSchema, cuffCommandResultSchema } from '../../../shared/protocol/cuffCommand';
import { MESSAGE_SCHEMAS, parseMessage } from '../../../shared/protocol/messages';
import { pressureUpdateSchema } from '../../../shared/protocol/pressure';
import { screeningAnswersSchema } from '../../../shared/protocol/screening';
import { parseSessionRecord, sessionRecordSchema, MAX_PRESSURE_SAMPLES } from '../../../shared/protocol/sessionRecord';
import { sessionAckSchema, sessionPushSchema } from '../../../shared/protocol/sessionSync';
import { settingsSyncSchema } from '../../../shared/protocol/settings';
import { programAdjustmentSchema } from '../../../shared/programs';
import { sessionStateSchema } from '../../../shared/session';
import { cleanScreening, reading, run, session, start, T0, ticks } from '../session/fixtures';

const finished = run(session('walk-intervals'), [start(), { type: 'pressure', nowMs: T0 + 500, reading: reading('left', 120, 1) }, ...ticks(T0 + 1000, T0 + 14 * 60000 + 1000, 5000)], false).state;
const record = finished.record;

interface Case {
  name: string;
  schema: z.ZodMiniType;
  good: Record<string, unknown>;
  wrongType: [string, unknown];
  outOfRange: [string, unknown];
  oversized?: [string, unknown[]];
}

const cases: Case[] = [
  { name: 'pressure', schema: pressureUpdateSchema, good: { ...reading('left', 120, 3) }, wrongType: ['mmHg', '120'], outOfRange: ['mmHg', 501] },
  {
    name: 'cuffCommand', schema: cuffCommandRequestSchema,
    good: { v: 1, kind: 'cuffCommand', id: 'r1', command: { type: 'inflate', cuffId: 'left', percentLop: 60 } },
    wrongType: ['id', 5], outOfRange: ['command', { type: 'inflate', cuffId: 'left', percentLop: 101 }],
  },
  {
    name: 'cuffCommandResult', schema: cuffCommandResultSchema,
    good: { v: 1, kind: 'cuffCommandResult', id: 'r1', ok: true, targetMmHg: 120 },
    wrongType: ['ok', 'yes'], outOfRange: ['targetMmHg', 301],
  },
  { name: 'sessionPush', schema: sessionPushSchema, good: { v: 1, kind: 'sessionPush', record }, wrongType: ['record', 'x'], outOfRange: ['record', { ...record, rpe: 11 }] },
  { name: 'sessionAck', schema: sessionAckSchema, good: { v: 1, kind: 'sessionAck', id: 's-1', stored: true }, wrongType: ['stored', 1], outOfRange: ['error', 'x'.repeat(201)] },
  {
    name: 'settings', schema: settingsSyncSchema,
    good: { v: 1, kind: 'settings', cuffs: [{ cuffId: 'left', limb: 'leg', side: 'left', widthCm: 11, lopMmHg: 200, lopMeasuredAtMs: T0 }], controllerAddress: 'http://10.0.0.2:8080', updatedAtMs: T0 },
    wrongType: ['controllerAddress', 42], outOfRange: ['updatedAtMs', -1],
    oversized: ['cuffs', new Array(5).fill({ cuffId: 'left', limb: 'leg', side: 'left', widthCm: 11, lopMmHg: 200, lopMeasuredAtMs: T0 })],
  },
  { name: 'screening', schema: screeningAnswersSchema, good: { ...cleanScreening }, wrongType: ['answers', { ...cleanScreening.answers, pregnancy: 'no' }], outOfRange: ['answeredAtMs', 1.5] },
  {
    name: 'sessionRecord', schema: sessionRecordSchema, good: { ...record }, wrongType: ['usedCuffs', 'true'], outOfRange: ['rpe', 0],
    oversized: ['pressureSamples', new Array(MAX_PRESSURE_SAMPLES + 1).fill({ atMs: 0, cuffId: 'left', mmHg: 100 })],
  },
  { name: 'programAdjustment', schema: programAdjustmentSchema, good: { v: 1, programId: 'walk-intervals', percentLop: 60 }, wrongType: ['percentLop', '60'], outOfRange: ['percentLop', 0] },
  { name: 'sessionState', schema: sessionStateSchema, good: JSON.parse(JSON.stringify(finished)), wrongType: ['inflated', 0], outOfRange: ['phaseIndex', 99] },
];

function firstPath(schema: z.ZodMiniType, input: unknown): string {
  const r = schema.safeParse(input);
  expect(r.success).toBe(false);
  return r.error!.issues[0].path.map(String).join('.');
}

describe.each(cases)('$name schema', (c) => {
  it('accepts a good message', () => {
    const r = c.schema.safeParse(c.good);
    if (!r.success) throw new Error(JSON.stringify(r.error.issues));
  });
  it('rejects a wrong type and names the field', () => {
    expect(firstPath(c.schema, { ...c.good, [c.wrongType[0]]: c.wrongType[1] })).toMatch(new RegExp('^' + c.wrongType[0]));
  });
  it('rejects an out-of-range value and names the field', () => {
    expect(firstPath(c.schema, { ...c.good, [c.outOfRange[0]]: c.outOfRange[1] })).toMatch(new RegExp('^' + c.outOfRange[0]));
  });
  it('rejects an unknown version', () => {
    expect(firstPath(c.schema, { ...c.good, v: 2 })).toBe('v');
  });
  if (c.oversized) {
    it('rejects an oversized array', () => {
      expect(firstPath(c.schema, { ...c.good, [c.oversized![0]]: c.oversized![1] })).toBe(c.oversized![0]);
    });
  }
  it('fuzz: never throws, and accepts nothing that is not an object', () => {
    fc.assert(fc.property(fc.anything(), (x) => {
      const r = c.schema.safeParse(x);
      if (r.success) expect(typeof x).toBe('object');
    }), { numRuns: 300 });
  });
  it('fuzz: a good message with one field replaced by anything parses or names that field', () => {
    const keys = Object.keys(c.good);
    fc.assert(fc.property(fc.constantFrom(...keys), fc.anything(), (key, value) => {
      const r = c.schema.safeParse({ ...c.good, [key]: value });
      if (!r.success) expect(r.error.issues.every((i) => String(i.path[0]) === key)).toBe(true);
    }), { numRuns: 300 });
  });
});

describe('parseMessage', () => {
  it('dispatches by kind and names the failing field', () => {
    expect(parseMessage(reading('left', 100, 1)).ok).toBe(true);
    const bad = parseMessage({ ...reading('left', 100, 1), seq: -1 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.fields).toEqual(['seq']);
      expect(bad.error).toBe('pressure rejected: seq: too small (min 0)');
    }
    const unknown = parseMessage({ kind: 'launchRocket' });
    expect(unknown.ok || unknown.fields).toEqual(['kind']);
    expect(Object.keys(MESSAGE_SCHEMAS)).toHaveLength(7);
  });
});

describe('parseSessionRecord', () => {
  it('round-trips a finished session through JSON', () => {
    const r = parseSessionRecord(JSON.parse(JSON.stringify(record)));
    expect(r.ok && r.value).toEqual(record);
  });
  it('gives a readable error', () => {
    const r = parseSessionRecord({ ...record, sets: [{ ...record.sets[0], counted: -3 }] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toBe('session record rejected: sets.0.counted: too small (min 0)');
  });
});

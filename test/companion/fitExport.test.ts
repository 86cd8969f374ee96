// FIT export, checked by decoding the bytes again with Garmin's own decoder.
// @garmin/fitsdk ships ESM only: jest.config.js's transformIgnorePatterns must let it through
// ('/node_modules/(?!(@zeppos/zml|until-async|@garmin/fitsdk)/)').
import { Decoder, Stream, Utils } from '@garmin/fitsdk';
import type { SessionRecord } from '../../shared/protocol/sessionRecord';
import { fitSerialFor, fitSportFor, sessionToFit, toFitDateTime } from '../../companion/exporters/fit';
import { makeRecord } from './fixtures';

describe('FIT export', () => {
  function decode(bytes: Uint8Array) {
    expect(bytes).toBeInstanceOf(Uint8Array);
    const stream = Stream.fromByteArray(bytes);
    expect(Decoder.isFIT(stream)).toBe(true);
    const decoder = new Decoder(stream);
    expect(decoder.checkIntegrity()).toBe(true);
    const { messages, errors } = decoder.read();
    expect(errors).toEqual([]);
    return messages;
  }
  const at = (ms: number) => new Date(Utils.FIT_EPOCH_MS + toFitDateTime(ms) * 1000);

  test('a walking session: file id, sport walking, a lap per phase, strides, timestamps, pressure', () => {
    const record = makeRecord({ kind: 'walk', id: 'fit-walk' });
    const m = decode(sessionToFit(record));
    expect(m.fileIdMesgs).toEqual([expect.objectContaining({ type: 'activity', manufacturer: 'development', timeCreated: at(record.startedAtMs) })]);
    expect(m.deviceInfoMesgs![0]).toMatchObject({ productName: 'BFR Coach', deviceIndex: 'creator' });

    const session = m.sessionMesgs![0];
    expect(session).toMatchObject({ sport: 'walking', subSport: 'treadmill', numLaps: record.phases.length, firstLapIndex: 0 });
    expect(session.startTime).toEqual(at(record.startedAtMs));
    expect(session.timestamp).toEqual(at(record.endedAtMs!));
    expect(session.totalElapsedTime).toBeCloseTo((record.endedAtMs! - record.startedAtMs) / 1000, 2);
    // Steps exact: strides plus a fractional half stride for an odd count.
    const steps = record.sets.reduce((n, s) => n + s.corrected, 0);
    expect((session.totalStrides as number) * 2 + ((session.totalFractionalCycles as number) || 0) * 2).toBe(steps);

    const laps = m.lapMesgs!;
    expect(laps).toHaveLength(9);
    expect(laps.filter((l) => l.intensity === 'active')).toHaveLength(5);
    expect(laps.filter((l) => l.intensity === 'rest')).toHaveLength(4);
    const work0 = record.phases[0];
    expect(laps[0].startTime).toEqual(at(work0.actualStartMs!));
    expect(laps[0].timestamp).toEqual(at(work0.actualEndMs!));
    expect(laps[0].totalTimerTime).toBeCloseTo((work0.actualEndMs! - work0.actualStartMs!) / 1000, 3);
    expect((laps[0].totalStrides as number) * 2 + ((laps[0].totalFractionalCycles as number) || 0) * 2).toBe(record.sets[0].corrected);
    expect(m.setMesgs ?? []).toHaveLength(0); // sets are for strength sessions

    expect(m.activityMesgs).toEqual([expect.objectContaining({ numSessions: 1, type: 'manual', timestamp: at(record.endedAtMs!) })]);
    // No offset given: this runtime's offset at the end of the session.
    expect(m.activityMesgs![0].localTimestamp).toBe(toFitDateTime(record.endedAtMs!) - new Date(record.endedAtMs!).getTimezoneOffset() * 60);
    expect(m.fileIdMesgs![0].serialNumber).toBe(fitSerialFor(record.id));
    expect(m.eventMesgs!.map((e) => [e.event, e.eventType])).toEqual([['timer', 'start'], ['timer', 'stop']]);

    // Cuff pressure as developer fields (float32 = fit_base_type 0x88), one per cuff on record.
    const described = m.fieldDescriptionMesgs!.map((f) => [f.fieldName, f.units, f.fitBaseTypeId]);
    expect(described).toEqual(expect.arrayContaining([['cuff_pressure_left', 'mmHg', 0x88], ['cuff_pressure_right', 'mmHg', 0x88]]));
    const withPressure = m.recordMesgs!.filter((r) => r.developerFields);
    expect(withPressure.length).toBe(record.pressureSamples.length / 2);
    const first = record.pressureSamples.filter((s) => s.atMs === 0);
    const keyOf = (name: string) => m.fieldDescriptionMesgs!.find((f) => f.fieldName === name && (f.nativeMesgNum === 'record' || f.nativeMesgNum === 20))!.fieldDefinitionNumber as number;
    expect(withPressure[0].developerFields![keyOf('cuff_pressure_left')]).toBeCloseTo(first[0].mmHg, 3);
    expect(withPressure[0].developerFields![keyOf('cuff_pressure_right')]).toBeCloseTo(first[1].mmHg, 3);
    const recordTimes = m.recordMesgs!.map((r) => (r.timestamp as Date).getTime());
    expect(recordTimes[0]).toBe(at(record.startedAtMs).getTime());
    expect(recordTimes[recordTimes.length - 1]).toBe(at(record.endedAtMs!).getTime());
    expect([...recordTimes].sort((a, b) => a - b)).toEqual(recordTimes);
  });

  test('a resistance session: training / strength, active and rest sets with reps and exercise', () => {
    const record = makeRecord({ kind: 'resistance', id: 'fit-res' });
    const m = decode(sessionToFit(record, { utcOffsetMinutes: 60 }));
    expect(m.sessionMesgs![0]).toMatchObject({ sport: 'training', subSport: 'strengthTraining', numLaps: 7 });
    const sets = m.setMesgs!;
    const active = sets.filter((s) => s.setType === 'active');
    const rest = sets.filter((s) => s.setType === 'rest');
    expect(active).toHaveLength(4);
    expect(rest).toHaveLength(3);
    expect(active.map((s) => s.repetitions)).toEqual(record.sets.map((s) => s.corrected));
    expect(active[0].category).toEqual(['curl']);
    expect(active[0].duration).toBeCloseTo((record.phases[0].actualEndMs! - record.phases[0].actualStartMs!) / 1000, 3);
    expect(active[0].startTime).toEqual(at(record.phases[0].actualStartMs!));
    expect(m.activityMesgs![0].localTimestamp).toBe(toFitDateTime(record.endedAtMs!) + 3600);
  });

  test('an in-progress session exports up to where it is; a session without cuffs has no developer fields', () => {
    const partial = makeRecord({ kind: 'cycle', id: 'fit-partial', phasesDone: 2 });
    const m = decode(sessionToFit(partial));
    expect(m.sessionMesgs![0].sport).toBe('cycling');
    expect(m.lapMesgs).toHaveLength(3); // two done, one running
    expect(m.sessionMesgs![0].timestamp).toEqual(at(partial.phases[2].actualStartMs!));

    const wraps = makeRecord({ kind: 'wraps' });
    const w = decode(sessionToFit(wraps));
    expect(w.fieldDescriptionMesgs ?? []).toHaveLength(0);
    expect(w.recordMesgs).toHaveLength(2);
    expect(w.setMesgs!.filter((s) => s.setType === 'active').map((s) => s.repetitions)).toEqual(wraps.sets.map((s) => s.corrected));
  });

  test('sport follows the exercises', () => {
    const mixed: SessionRecord = makeRecord({ kind: 'walk' });
    mixed.sets[1] = { ...mixed.sets[1], exercise: 'sit-to-stand', countingMode: 'reps', target: 10 };
    expect(fitSportFor(mixed)).toEqual({ sport: 'training', subSport: 'strengthTraining' });
    expect(fitSportFor(makeRecord({ kind: 'cycle' })).sport).toBe('cycling');
  });
});

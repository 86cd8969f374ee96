// FIT activity export (Garmin's format; Strava, Garmin Connect, TrainingPeaks... import it),
// written with Garmin's @garmin/fitsdk Encoder.
//
// Message layout, in file order:
//   file_id         type activity, manufacturer development, serial_number (see below),
//                   time_created = session start
//   device_info     creator: "BFR Coach" (best practice for activity files), same serial
//   developer_data_id + field_description: developer fields, described once, for what FIT has
//                   no native field for. Base types are FIT's fit_base_type values (float32 =
//                   0x88, uint32 = 0x86), which every decoder checks; names are snake_case so a
//                   decoder that puts them beside the native fields cannot collide with one:
//                     record   cuff_pressure_<cuff>        float32 mmHg, one per cuff
//                     lap      mean_cuff_pressure_<cuff>   float32 mmHg, mean of the lap's samples
//                              target_cuff_pressure_<cuff> float32 mmHg, during work laps
//                              time_in_band                float32 %, cuff-time within +-10 %
//                                                          of target over all cuffs (work laps)
//                              steps                       uint32, exact count (step-counted work)
//                     session  lop_<cuff>                  float32 mmHg, the LOP the target came from
//                              target_cuff_pressure_<cuff> float32 mmHg
//                              mean_cuff_pressure_<cuff>   float32 mmHg, over the work laps
//                              time_in_band                float32 %, over all work
//                              steps                       uint32, exact count
//   event           timer start at the session start
//   record          one per second that has pressure or heart-rate samples (pressure as developer
//                   fields, heart_rate native, bpm), plus one at the start and one at the end so
//                   every activity has records
//   event           timer stop at the end
//   lap             one per phase that started, work and rest alike, so the laps tile the
//                   session; intensity active (work) or rest. Step-counted work: total_strides
//                   = floor(steps / 2) plus total_fractional_cycles 0.5 for an odd count, so
//                   the steps are exact, and avg_cadence in strides per minute (with
//                   avg_fractional_cadence). Pedalled work: total_cycles = pedal revolutions,
//                   avg_cadence = revolutions per minute of the lap. avg_heart_rate and
//                   max_heart_rate (native) over the lap's heart-rate samples, when it has any.
//   set             strength sessions only (sport training): one per started phase, active
//                   sets with repetitions (the corrected count: the end-of-set recount
//                   when there is one, after +/-), duration, exercise category;
//                   rest phases as rest sets. This is how Garmin strength activities look.
//   session         sport and sub-sport (fitSportFor): walking (treadmill for the catalog's
//                   walking programs, which are treadmill protocols), cycling (always indoor
//                   cycling: the programs are ergometer protocols and the watch records no
//                   distance), or training / strength training; totals and averages as on laps
//                   (avg/max heart rate over every sample of the session)
//   activity        one session; local_timestamp = end + the UTC offset (the caller's, else
//                   this phone's offset at the end of the session)
// Timestamps are FIT date_time (whole seconds since 1989-12-31 UTC); durations are seconds
// with millisecond precision.
//
// file_id.serial_number: no serial number of the watch reaches the phone, so it is a stable
// 32-bit hash of the session id (never 0, which FIT's uint32z reads as "invalid"). Exporting the
// same session twice gives the same serial and time_created, which is how importers such as
// Garmin Connect recognise a file they already have.
//
// Runtime needs (side service): BigInt and DataView.setBigUint64 (ES2020), used by the SDK's
// output stream, and TextEncoder (./textEncoderShim supplies one when the engine lacks it; it
// must be imported before the SDK, which creates one as it loads). fitExportAvailable() checks.
import './textEncoderShim';
import { Encoder, Profile, Utils } from '@garmin/fitsdk';
import type {
  ActivityMesg, DeveloperDataIdMesg, DeviceInfoMesg, Encodable, EventMesg, FieldDescriptionMesg, FileIdMesg,
  LapMesg, Mesg, RecordMesg, SessionMesg, SetMesg, Types,
} from '@garmin/fitsdk';
import type { Exercise } from '../../shared/protocol/vocabulary';
import type { PhaseRecord, SessionRecord, SetRecord } from '../../shared/protocol/sessionRecord';
import { summariseHeartRate } from '../../shared/session/heartRateLog';
import { meanPressure } from './pressureSummary';

export { meanPressure };

export const FIT_PRODUCT_NAME = 'BFR Coach';
/** Our product number under manufacturer "development" (255). */
export const FIT_PRODUCT_ID = 1;
const MAX_PRESSURE_FIELDS = 4;

export interface FitExportOptions {
  /** The trainee's UTC offset at the session, for activity.local_timestamp (default: this
   * runtime's offset at the end of the session). */
  utcOffsetMinutes?: number;
  /** file_id.serial_number (default: a hash of the session id). */
  serialNumber?: number;
}

export interface FitSport {
  sport: 'walking' | 'cycling' | 'training';
  subSport: 'generic' | 'treadmill' | 'indoorCycling' | 'strengthTraining';
}

/** FIT fit_base_type values (Profile type fitBaseType): endian-capable types carry 0x80. */
export const FIT_BASE_TYPE = { uint32: 0x86, float32: 0x88 } as const;

/** The catalog's walking programs are treadmill protocols (BFR.md: Abe et al., treadmill walking). */
const TREADMILL_PROGRAMS = ['walk-intervals', 'walk-continuous'];

export class FitExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FitExportError';
  }
}

/** Whether this JavaScript engine has what the FIT SDK's encoder uses. */
export function fitExportAvailable(): boolean {
  const g = globalThis as unknown as { TextEncoder?: unknown; BigInt?: unknown };
  const view = DataView.prototype as unknown as { setBigUint64?: unknown };
  return typeof g.TextEncoder === 'function' && typeof g.BigInt === 'function' && typeof view.setBigUint64 === 'function';
}

/**
 * Walking when every set is walked or step-counted (treadmill for the catalog's treadmill
 * programs, else generic), cycling when every set is pedalled (indoor cycling: every cycling
 * program is on an ergometer, and with no distance an outdoor ride would read as 0 km), else
 * strength training.
 */
export function fitSportFor(record: SessionRecord): FitSport {
  const sets = record.sets;
  if (sets.length && sets.every((s) => s.exercise === 'walk' || (s.exercise === null && s.countingMode === 'steps'))) {
    return { sport: 'walking', subSport: TREADMILL_PROGRAMS.indexOf(record.programId) >= 0 ? 'treadmill' : 'generic' };
  }
  if (sets.length && sets.every((s) => s.exercise === 'cycle' || (s.exercise === null && s.countingMode === 'cadence'))) {
    return { sport: 'cycling', subSport: 'indoorCycling' };
  }
  return { sport: 'training', subSport: 'strengthTraining' };
}

/** A stable non-zero uint32 from a string (FNV-1a), for file_id.serial_number. */
export function fitSerialFor(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h === 0 ? 1 : h;
}

/** A developer field name part from a cuff id: letters, digits and underscores only. */
function fieldPart(cuffId: string): string {
  return cuffId.replace(/[^A-Za-z0-9_]/g, '_');
}

/** Garmin's exercise category and name for our exercises (names looked up in the SDK's profile). */
const EXERCISE_CATEGORIES: Partial<Record<Exercise, { category: Types.ExerciseCategory; nameType: string; name: string }>> = {
  'arm-curl': { category: 'curl', nameType: 'curlExerciseName', name: 'dumbbellBicepsCurl' },
  'sit-to-stand': { category: 'squat', nameType: 'squatExerciseName', name: 'airSquat' },
  'heel-raise': { category: 'calfRaise', nameType: 'calfRaiseExerciseName', name: 'standingCalfRaise' },
};

function profileValue(typeName: string, name: string): number | undefined {
  const type = (Profile.types as Record<string, Record<string, string>>)[typeName];
  if (!type) return undefined;
  for (const key of Object.keys(type)) if (type[key] === name) return Number(key);
  return undefined;
}

/** Milliseconds since the Unix epoch -> FIT date_time. */
export function toFitDateTime(ms: number): number {
  return Math.floor((ms - Utils.FIT_EPOCH_MS) / 1000);
}

interface PhaseSpan { phase: PhaseRecord; startMs: number; endMs: number }

/** The moment the record last knows of: its end, else the latest phase start or end. */
function lastMomentMs(record: SessionRecord): number {
  if (record.endedAtMs !== null) return record.endedAtMs;
  let latest = record.startedAtMs;
  for (const p of record.phases) {
    if (p.actualStartMs !== null && p.actualStartMs > latest) latest = p.actualStartMs;
    if (p.actualEndMs !== null && p.actualEndMs > latest) latest = p.actualEndMs;
  }
  return latest;
}

/** Phases that started, with an end (its own, else the next phase's start, else the session end). */
function phaseSpans(record: SessionRecord, endMs: number): PhaseSpan[] {
  const started = record.phases.filter((p) => p.actualStartMs !== null);
  return started.map((phase, i) => {
    const startMs = phase.actualStartMs as number;
    const next = started[i + 1];
    const fallbackEnd = next ? (next.actualStartMs as number) : endMs;
    const end = phase.actualEndMs !== null ? phase.actualEndMs : fallbackEnd;
    return { phase, startMs, endMs: Math.max(startMs, end) };
  });
}

function setFor(record: SessionRecord, phase: PhaseRecord): SetRecord | undefined {
  return record.sets.find((s) => s.setIndex === phase.setIndex);
}

/** Cycle fields for a count over `seconds`: strides (two steps each, exact with the
 * fractional half) for steps, revolutions for pedalling. */
function cycleFields(mode: 'steps' | 'cadence', count: number, seconds: number): Record<string, number> {
  const out: Record<string, number> = {};
  if (mode === 'steps') {
    out.totalCycles = Math.floor(count / 2); // decoded as total_strides for walking
    if (count % 2) out.totalFractionalCycles = 0.5;
  } else {
    out.totalCycles = count;
  }
  if (seconds > 0) {
    const perMinute = (mode === 'steps' ? count / 2 : count) / (seconds / 60);
    const whole = Math.min(254, Math.floor(perMinute));
    out.avgCadence = whole;
    const fraction = Math.round((perMinute - whole) * 128) / 128;
    if (fraction > 0 && fraction < 1 && whole < 254) out.avgFractionalCadence = fraction;
  }
  return out;
}

export function sessionToFit(record: SessionRecord, options: FitExportOptions = {}): Uint8Array {
  if (!fitExportAvailable()) {
    throw new FitExportError('FIT export needs BigInt and DataView.setBigUint64 (ES2020), which this phone runtime lacks');
  }
  const M = Profile.MesgNum;
  const { sport, subSport } = fitSportFor(record);
  const startMs = record.startedAtMs;
  const endMs = Math.max(startMs, lastMomentMs(record));
  const start = toFitDateTime(startMs);
  const end = toFitDateTime(endMs);
  const spans = phaseSpans(record, endMs);
  const serialNumber = options.serialNumber !== undefined ? options.serialNumber >>> 0 || 1 : fitSerialFor(record.id);
  const offsetMinutes = options.utcOffsetMinutes !== undefined ? options.utcOffsetMinutes : -new Date(endMs).getTimezoneOffset();
  const mesgs: Array<Encodable<Mesg>> = [];
  const add = <T extends Mesg>(mesgNum: number, mesg: T): T => {
    mesgs.push({ ...mesg, mesgNum });
    return mesg;
  };

  add<FileIdMesg>(M.FILE_ID, { type: 'activity', manufacturer: 'development', product: FIT_PRODUCT_ID, serialNumber, timeCreated: start });
  add<DeviceInfoMesg>(M.DEVICE_INFO, {
    timestamp: start, deviceIndex: 'creator', manufacturer: 'development',
    product: FIT_PRODUCT_ID, productName: FIT_PRODUCT_NAME, serialNumber,
  });

  // Cuffs: those the record names, then any others with samples (at most four).
  const cuffIds: string[] = [];
  for (const c of record.cuffs) if (cuffIds.indexOf(c.cuffId) < 0 && cuffIds.length < MAX_PRESSURE_FIELDS) cuffIds.push(c.cuffId);
  for (const s of record.pressureSamples) {
    if (cuffIds.indexOf(s.cuffId) < 0 && cuffIds.length < MAX_PRESSURE_FIELDS) cuffIds.push(s.cuffId);
  }
  const cuffOf = (id: string) => record.cuffs.find((c) => c.cuffId === id);
  const stepped = record.sets.some((s) => s.countingMode === 'steps');
  const tracked = record.sets.some((s) => s.pressureMs > 0);

  // Developer fields: declared here, written only when something uses them.
  const fieldDescriptions: Record<number, { developerDataIdMesg: DeveloperDataIdMesg; fieldDescriptionMesg: FieldDescriptionMesg }> = {};
  const pending: Array<{ key: number; name: string; units: string; baseType: number; mesgNum: number }> = [];
  const declare = (name: string, units: string, baseType: number, mesgNum: number): number => {
    const key = pending.length;
    pending.push({ key, name, units, baseType, mesgNum });
    return key;
  };
  const recordField: Record<string, number> = {};
  const lapMean: Record<string, number> = {};
  const lapTarget: Record<string, number> = {};
  const sessionLop: Record<string, number> = {};
  const sessionTarget: Record<string, number> = {};
  const sessionMean: Record<string, number> = {};
  for (const id of cuffIds) {
    const part = fieldPart(id);
    const hasSamples = record.pressureSamples.some((s) => s.cuffId === id);
    const cuff = cuffOf(id);
    if (hasSamples) {
      recordField[id] = declare('cuff_pressure_' + part, 'mmHg', FIT_BASE_TYPE.float32, M.RECORD);
      lapMean[id] = declare('mean_cuff_pressure_' + part, 'mmHg', FIT_BASE_TYPE.float32, M.LAP);
      sessionMean[id] = declare('mean_cuff_pressure_' + part, 'mmHg', FIT_BASE_TYPE.float32, M.SESSION);
    }
    if (cuff && cuff.targetMmHg !== null) {
      lapTarget[id] = declare('target_cuff_pressure_' + part, 'mmHg', FIT_BASE_TYPE.float32, M.LAP);
      sessionTarget[id] = declare('target_cuff_pressure_' + part, 'mmHg', FIT_BASE_TYPE.float32, M.SESSION);
    }
    if (cuff && cuff.lopMmHg !== null) sessionLop[id] = declare('lop_' + part, 'mmHg', FIT_BASE_TYPE.float32, M.SESSION);
  }
  const lapInBand = tracked ? declare('time_in_band', '%', FIT_BASE_TYPE.float32, M.LAP) : -1;
  const sessionInBand = tracked ? declare('time_in_band', '%', FIT_BASE_TYPE.float32, M.SESSION) : -1;
  const lapSteps = stepped ? declare('steps', 'steps', FIT_BASE_TYPE.uint32, M.LAP) : -1;
  const sessionSteps = stepped ? declare('steps', 'steps', FIT_BASE_TYPE.uint32, M.SESSION) : -1;
  if (pending.length) {
    const developerDataIdMesg = add<DeveloperDataIdMesg>(M.DEVELOPER_DATA_ID, {
      developerDataIndex: 0, applicationVersion: 1,
      // "BFR Coach" + zero padding: a fixed application id, 16 bytes as FIT asks.
      applicationId: [0x42, 0x46, 0x52, 0x20, 0x43, 0x6f, 0x61, 0x63, 0x68, 0, 0, 0, 0, 0, 0, 1],
    });
    for (const f of pending) {
      const fieldDescriptionMesg = add<FieldDescriptionMesg>(M.FIELD_DESCRIPTION, {
        developerDataIndex: 0, fieldDefinitionNumber: f.key,
        fitBaseTypeId: f.baseType as unknown as FieldDescriptionMesg['fitBaseTypeId'], fieldName: f.name, units: f.units,
        nativeMesgNum: f.mesgNum,
      });
      fieldDescriptions[f.key] = { developerDataIdMesg, fieldDescriptionMesg };
    }
  }

  add<EventMesg>(M.EVENT, { timestamp: start, event: 'timer', eventType: 'start' });

  // Records: samples grouped by second (a cuff is sampled at most once a second, heart rate at
  // most once every five).
  const heartRates = record.heartRateSamples || [];
  const bySecond: { [t: number]: { dev?: { [field: number]: number }; bpm?: number } } = {};
  for (const s of record.pressureSamples) {
    const field = recordField[s.cuffId];
    if (field === undefined) continue;
    const t = toFitDateTime(startMs + s.atMs);
    if (t > end) continue;
    const at = (bySecond[t] = bySecond[t] || {});
    (at.dev = at.dev || {})[field] = s.mmHg;
  }
  for (const s of heartRates) {
    const t = toFitDateTime(startMs + s.atMs);
    if (t > end) continue;
    (bySecond[t] = bySecond[t] || {}).bpm = s.bpm;
  }
  const seconds = Object.keys(bySecond).map(Number).sort((a, b) => a - b);
  if (!seconds.length || seconds[0] > start) add<RecordMesg>(M.RECORD, { timestamp: start });
  for (const t of seconds) {
    const at = bySecond[t];
    const mesg: RecordMesg = { timestamp: t };
    if (at.bpm !== undefined) mesg.heartRate = at.bpm;
    if (at.dev) mesg.developerFields = at.dev;
    add<RecordMesg>(M.RECORD, mesg);
  }
  if (!seconds.length || seconds[seconds.length - 1] < end) add<RecordMesg>(M.RECORD, { timestamp: end });

  add<EventMesg>(M.EVENT, { timestamp: end, event: 'timer', eventType: 'stop' });

  let timerSeconds = 0;
  let steps = 0;
  let stepSeconds = 0;
  let revolutions = 0;
  let pedalSeconds = 0;
  let inBandMs = 0;
  let pressureMs = 0;
  const workWindows: Array<[number, number]> = [];
  spans.forEach((span, i) => {
    const seconds = (span.endMs - span.startMs) / 1000;
    timerSeconds += seconds;
    const work = span.phase.kind === 'work';
    const set = work ? setFor(record, span.phase) : undefined;
    const lap: LapMesg = {
      messageIndex: i, timestamp: toFitDateTime(span.endMs), startTime: toFitDateTime(span.startMs),
      totalElapsedTime: seconds, totalTimerTime: seconds, event: 'lap', eventType: 'stop', lapTrigger: 'time',
      intensity: work ? 'active' : 'rest', sport, subSport,
    };
    const developerFields: { [key: number]: number } = {};
    if (work) {
      workWindows.push([span.startMs - startMs, span.endMs - startMs]);
    }
    if (set && (set.countingMode === 'steps' || set.countingMode === 'cadence')) {
      Object.assign(lap, cycleFields(set.countingMode, set.corrected, seconds));
      if (set.countingMode === 'steps') {
        steps += set.corrected;
        stepSeconds += seconds;
        developerFields[lapSteps] = set.corrected;
      } else {
        revolutions += set.corrected;
        pedalSeconds += seconds;
      }
    }
    for (const id of cuffIds) {
      const mean = lapMean[id] !== undefined ? meanPressure(record, id, span.startMs - startMs, span.endMs - startMs) : null;
      if (mean !== null) developerFields[lapMean[id]] = mean;
      const cuff = cuffOf(id);
      if (work && lapTarget[id] !== undefined && cuff && cuff.targetMmHg !== null) developerFields[lapTarget[id]] = cuff.targetMmHg;
    }
    if (set && lapInBand >= 0 && set.pressureMs > 0) {
      developerFields[lapInBand] = Math.round((Math.min(set.inBandMs, set.pressureMs) / set.pressureMs) * 1000) / 10;
      inBandMs += Math.min(set.inBandMs, set.pressureMs);
      pressureMs += set.pressureMs;
    }
    // A work lap carries its set's own mean and max (as the CSV does); other laps their samples.
    const hr = set && set.heartRateMeanBpm !== undefined && set.heartRateMaxBpm !== undefined
      ? { meanBpm: set.heartRateMeanBpm, maxBpm: set.heartRateMaxBpm }
      : summariseHeartRate(heartRates, span.startMs - startMs, span.endMs - startMs + (i === spans.length - 1 ? 1 : 0));
    if (hr) {
      lap.avgHeartRate = hr.meanBpm;
      lap.maxHeartRate = hr.maxBpm;
    }
    if (Object.keys(developerFields).length) lap.developerFields = developerFields;
    add<LapMesg>(M.LAP, lap);
  });

  if (sport === 'training') {
    spans.forEach((span, i) => {
      const seconds = (span.endMs - span.startMs) / 1000;
      const base: SetMesg = {
        messageIndex: i, timestamp: toFitDateTime(span.endMs),
        startTime: toFitDateTime(span.startMs), duration: seconds,
      };
      if (span.phase.kind === 'rest') {
        add<SetMesg>(M.SET, { ...base, setType: 'rest' });
        return;
      }
      const set = setFor(record, span.phase);
      const exercise = set && set.exercise ? EXERCISE_CATEGORIES[set.exercise] : undefined;
      const subtype = exercise ? profileValue(exercise.nameType, exercise.name) : undefined;
      add<SetMesg>(M.SET, {
        ...base, setType: 'active',
        repetitions: set && set.countingMode === 'reps' ? set.corrected : undefined,
        category: exercise ? [exercise.category] : undefined,
        categorySubtype: exercise && subtype !== undefined ? [subtype] : undefined,
      });
    });
  }

  const session: SessionMesg = {
    messageIndex: 0, timestamp: end, startTime: start,
    totalElapsedTime: (endMs - startMs) / 1000, totalTimerTime: timerSeconds || (endMs - startMs) / 1000,
    sport, subSport, firstLapIndex: 0, numLaps: spans.length, event: 'session', eventType: 'stop',
    trigger: 'activityEnd',
  };
  if (sport === 'walking' && stepSeconds > 0) Object.assign(session, cycleFields('steps', steps, stepSeconds));
  else if (sport === 'cycling' && pedalSeconds > 0) Object.assign(session, cycleFields('cadence', revolutions, pedalSeconds));
  const sessionDev: { [key: number]: number } = {};
  for (const id of cuffIds) {
    const cuff = cuffOf(id);
    if (sessionLop[id] !== undefined && cuff && cuff.lopMmHg !== null) sessionDev[sessionLop[id]] = cuff.lopMmHg;
    if (sessionTarget[id] !== undefined && cuff && cuff.targetMmHg !== null) sessionDev[sessionTarget[id]] = cuff.targetMmHg;
    if (sessionMean[id] !== undefined) {
      let sum = 0;
      let n = 0;
      for (const s of record.pressureSamples) {
        if (s.cuffId !== id || !workWindows.some((w) => s.atMs >= w[0] && s.atMs <= w[1])) continue;
        sum += s.mmHg;
        n++;
      }
      if (n) sessionDev[sessionMean[id]] = Math.round((sum / n) * 10) / 10;
    }
  }
  if (sessionInBand >= 0 && pressureMs > 0) sessionDev[sessionInBand] = Math.round((inBandMs / pressureMs) * 1000) / 10;
  if (sessionSteps >= 0) sessionDev[sessionSteps] = steps;
  if (Object.keys(sessionDev).length) session.developerFields = sessionDev;
  const sessionHr = summariseHeartRate(heartRates, 0, endMs - startMs + 1);
  if (sessionHr) {
    session.avgHeartRate = sessionHr.meanBpm;
    session.maxHeartRate = sessionHr.maxBpm;
  }
  add<SessionMesg>(M.SESSION, session);
  add<ActivityMesg>(M.ACTIVITY, {
    timestamp: end, numSessions: 1, totalTimerTime: timerSeconds || (endMs - startMs) / 1000,
    type: 'manual', event: 'activity', eventType: 'stop',
    localTimestamp: Number.isFinite(offsetMinutes) ? end + Math.round(offsetMinutes) * 60 : undefined,
  });

  try {
    const encoder = new Encoder({ fieldDescriptions });
    for (const mesg of mesgs) encoder.writeMesg(mesg);
    return encoder.close();
  } catch (error) {
    throw new FitExportError('FIT encoding failed: ' + (error instanceof Error ? error.message : String(error)));
  }
}

// FIT activity export (Garmin's format; Strava, Garmin Connect, TrainingPeaks... import it),
// written with Garmin's @garmin/fitsdk Encoder.
//
// Message layout, in file order:
//   file_id         type activity, manufacturer development, time_created = session start
//   device_info     creator: "BFR Coach" (best practice for activity files)
//   developer_data_id + field_description (only when there are pressure samples): one float32
//                   developer field "cuff pressure <cuffId>" (mmHg) on record per cuff, as FIT
//                   has no native pressure field
//   event           timer start at the session start
//   record          one per second that has pressure samples (developer fields only), plus one
//                   at the start and one at the end so every activity has records
//   event           timer stop at the end
//   lap             one per phase that started, work and rest alike, so the laps tile the
//                   session; intensity active (work) or rest; total_cycles = strides (steps / 2)
//                   for step-counted work, pedal revolutions for cadence-counted work
//   set             strength sessions only (sport training): one per started phase, active
//                   sets with repetitions (the corrected count), duration, exercise category;
//                   rest phases as rest sets. This is how Garmin strength activities look.
//   session         sport from the exercises: walking, cycling, or training/strengthTraining
//   activity        one session; local_timestamp only when the caller knows the UTC offset
// Timestamps are FIT date_time (whole seconds since 1989-12-31 UTC); durations are seconds
// with millisecond precision.
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

export const FIT_PRODUCT_NAME = 'BFR Coach';
/** Our product number under manufacturer "development" (255). */
export const FIT_PRODUCT_ID = 1;
const MAX_PRESSURE_FIELDS = 4;

export interface FitExportOptions {
  /** The trainee's UTC offset at the session, for activity.local_timestamp; omitted when unknown. */
  utcOffsetMinutes?: number;
}

export interface FitSport {
  sport: 'walking' | 'cycling' | 'training';
  subSport: 'generic' | 'strengthTraining';
}

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

/** Walking when every set is walked or step-counted, cycling when every set is pedalled, else strength. */
export function fitSportFor(record: SessionRecord): FitSport {
  const sets = record.sets;
  if (sets.length && sets.every((s) => s.exercise === 'walk' || (s.exercise === null && s.countingMode === 'steps'))) {
    return { sport: 'walking', subSport: 'generic' };
  }
  if (sets.length && sets.every((s) => s.exercise === 'cycle' || (s.exercise === null && s.countingMode === 'cadence'))) {
    return { sport: 'cycling', subSport: 'generic' };
  }
  return { sport: 'training', subSport: 'strengthTraining' };
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

/** Lap total_cycles: strides for walking (a stride is two steps), revolutions for cycling. */
function lapCycles(set: SetRecord | undefined): number | undefined {
  if (!set) return undefined;
  if (set.countingMode === 'steps') return Math.round(set.corrected / 2);
  if (set.countingMode === 'cadence') return set.corrected;
  return undefined;
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
  const mesgs: Array<Encodable<Mesg>> = [];
  const add = <T extends Mesg>(mesgNum: number, mesg: T): T => {
    mesgs.push({ ...mesg, mesgNum });
    return mesg;
  };

  add<FileIdMesg>(M.FILE_ID, { type: 'activity', manufacturer: 'development', product: FIT_PRODUCT_ID, timeCreated: start });
  add<DeviceInfoMesg>(M.DEVICE_INFO, {
    timestamp: start, deviceIndex: 'creator', manufacturer: 'development',
    product: FIT_PRODUCT_ID, productName: FIT_PRODUCT_NAME,
  });

  // Cuff pressure as developer fields on record, one field per cuff.
  const cuffIds: string[] = [];
  for (const s of record.pressureSamples) {
    if (cuffIds.indexOf(s.cuffId) < 0 && cuffIds.length < MAX_PRESSURE_FIELDS) cuffIds.push(s.cuffId);
  }
  const fieldDescriptions: Record<number, { developerDataIdMesg: DeveloperDataIdMesg; fieldDescriptionMesg: FieldDescriptionMesg }> = {};
  if (cuffIds.length) {
    const developerDataIdMesg = add<DeveloperDataIdMesg>(M.DEVELOPER_DATA_ID, {
      developerDataIndex: 0, applicationVersion: 1,
      // "BFR Coach" + zero padding: a fixed application id, 16 bytes as FIT asks.
      applicationId: [0x42, 0x46, 0x52, 0x20, 0x43, 0x6f, 0x61, 0x63, 0x68, 0, 0, 0, 0, 0, 0, 1],
    });
    cuffIds.forEach((cuffId, i) => {
      const fieldDescriptionMesg = add<FieldDescriptionMesg>(M.FIELD_DESCRIPTION, {
        developerDataIndex: 0, fieldDefinitionNumber: i,
        fitBaseTypeId: Utils.FitBaseType.FLOAT32, fieldName: 'cuff pressure ' + cuffId, units: 'mmHg',
        nativeMesgNum: M.RECORD,
      });
      fieldDescriptions[i] = { developerDataIdMesg, fieldDescriptionMesg };
    });
  }

  add<EventMesg>(M.EVENT, { timestamp: start, event: 'timer', eventType: 'start' });

  // Records: samples grouped by second (a cuff is sampled at most once a second).
  const bySecond: { [t: number]: { [field: number]: number } } = {};
  for (const s of record.pressureSamples) {
    const field = cuffIds.indexOf(s.cuffId);
    if (field < 0) continue;
    const t = toFitDateTime(startMs + s.atMs);
    if (t > end) continue;
    (bySecond[t] = bySecond[t] || {})[field] = s.mmHg;
  }
  const seconds = Object.keys(bySecond).map(Number).sort((a, b) => a - b);
  if (!seconds.length || seconds[0] > start) add<RecordMesg>(M.RECORD, { timestamp: start });
  for (const t of seconds) add<RecordMesg>(M.RECORD, { timestamp: t, developerFields: bySecond[t] });
  if (!seconds.length || seconds[seconds.length - 1] < end) add<RecordMesg>(M.RECORD, { timestamp: end });

  add<EventMesg>(M.EVENT, { timestamp: end, event: 'timer', eventType: 'stop' });

  let timerSeconds = 0;
  let sessionCycles = 0;
  let hasCycles = false;
  spans.forEach((span, i) => {
    const seconds = (span.endMs - span.startMs) / 1000;
    timerSeconds += seconds;
    const set = span.phase.kind === 'work' ? setFor(record, span.phase) : undefined;
    const cycles = lapCycles(set);
    if (cycles !== undefined) {
      sessionCycles += cycles;
      hasCycles = true;
    }
    add<LapMesg>(M.LAP, {
      messageIndex: i, timestamp: toFitDateTime(span.endMs), startTime: toFitDateTime(span.startMs),
      totalElapsedTime: seconds, totalTimerTime: seconds, event: 'lap', eventType: 'stop', lapTrigger: 'time',
      intensity: span.phase.kind === 'work' ? 'active' : 'rest', sport, subSport,
      totalCycles: cycles,
    });
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

  add<SessionMesg>(M.SESSION, {
    messageIndex: 0, timestamp: end, startTime: start,
    totalElapsedTime: (endMs - startMs) / 1000, totalTimerTime: timerSeconds || (endMs - startMs) / 1000,
    sport, subSport, firstLapIndex: 0, numLaps: spans.length, event: 'session', eventType: 'stop',
    trigger: 'activityEnd', totalCycles: hasCycles ? sessionCycles : undefined,
  });
  add<ActivityMesg>(M.ACTIVITY, {
    timestamp: end, numSessions: 1, totalTimerTime: timerSeconds || (endMs - startMs) / 1000,
    type: 'manual', event: 'activity', eventType: 'stop',
    localTimestamp: options.utcOffsetMinutes !== undefined ? end + options.utcOffsetMinutes * 60 : undefined,
  });

  try {
    const encoder = new Encoder({ fieldDescriptions });
    for (const mesg of mesgs) encoder.writeMesg(mesg);
    return encoder.close();
  } catch (error) {
    throw new FitExportError('FIT encoding failed: ' + (error instanceof Error ? error.message : String(error)));
  }
}

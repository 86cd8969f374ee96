// Settings sync, companion -> watch (the Settings App edits them on the phone): which cuffs
// exist, the limb each sits on, its width and measured LOP, and where the controller is.
import * as z from 'zod/mini';
import { cuffId, epochMs, identifier, intIn, limbSchema, lopMmHgSchema, parseWith, ParseResult, text } from './common';

export const SETTINGS_VERSION = 1;
export const MAX_SETTINGS_CUFFS = 4;

export const cuffSettingsSchema = z.object({
  cuffId: cuffId,
  limb: limbSchema,
  side: z.enum(['left', 'right']),
  /** Cuff bladder width; LOP depends on it (wide ~144, narrow ~235 mmHg mean, BFR.md). */
  widthCm: intIn(3, 30),
  /** Last measured limb occlusion pressure; null until measured. No inflate without it. */
  lopMmHg: z.nullable(lopMmHgSchema),
  lopMeasuredAtMs: z.nullable(epochMs),
});
export type CuffSettings = z.infer<typeof cuffSettingsSchema>;

/** The age for the heart-rate ceiling (null: not given) and whether every program watches it. */
export const heartRateSettingsSchema = z.object({
  ageYears: z.nullable(intIn(18, 100)),
  ceilingAllPrograms: z.boolean(),
});
export type HeartRateSettings = z.infer<typeof heartRateSettingsSchema>;

export const settingsSyncSchema = z.object({
  v: z.literal(SETTINGS_VERSION),
  kind: z.literal('settings'),
  cuffs: z.array(cuffSettingsSchema).check(z.maxLength(MAX_SETTINGS_CUFFS)),
  /** Controller base URL or host:port; null when no controller is paired. */
  controllerAddress: z.nullable(text(200)),
  /** Lets the watch keep the newest of two copies. */
  updatedAtMs: epochMs,
  /** Opaque revision id from the phone. */
  revision: z.optional(identifier),
  /**
   * Heart-rate ceiling (docs/HEART_RATE.md): the age is asked once on the phone (null: not
   * given, the rule assumes 80); the guided routine always watches the ceiling, `ceilingAllPrograms`
   * turns it on for every program. Optional: settings sent before this existed still parse.
   */
  heartRate: z.optional(heartRateSettingsSchema),
});
export type SettingsSync = z.infer<typeof settingsSyncSchema>;

export function parseSettingsSync(input: unknown): ParseResult<SettingsSync> {
  return parseWith(settingsSyncSchema, input, 'settings');
}

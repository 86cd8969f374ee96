// What the phone knows, kept in settings storage and edited by the Settings App: where the
// controller is (and its token), which cuffs exist with their measured LOP, the screening
// answers. Every value is parsed with its schema on read; a bad value is reported, not used.
import * as z from 'zod/mini';
import { parseWith, text } from '../shared/protocol/common';
import {
  cuffSettingsSchema, heartRateSettingsSchema, MAX_SETTINGS_CUFFS, type CuffSettings, type HeartRateSettings, type SettingsSync,
} from '../shared/protocol/settings';
import { parseScreeningAnswers, type ScreeningAnswers } from '../shared/protocol/screening';
import type { SettingsStore } from './settingsStore';
import { checkAddress, checkToken } from './addressRules';

export const CONFIG_KEYS = {
  controller: 'controller',
  cuffs: 'cuffs',
  screening: 'screening',
  heartRate: 'heartRate',
  updatedAt: 'settings:updatedAtMs',
} as const;

/**
 * Where the controller is and its token. The address: https://, or plain http:// only to an
 * address on this network (loopback, private, link-local), never with user:password@ in it;
 * the token: printable ASCII without spaces (it is sent in a header). See ./addressRules.
 */
export const controllerConfigSchema = z.object({
  url: text(200, 8).check(z.refine((u) => checkAddress(u).ok, {
    message: 'must be https://, or http:// to an address on your own network, with no user:password@',
  })),
  token: text(200, 1).check(z.refine((t) => checkToken(t).ok, {
    message: 'printable characters only, no spaces or line breaks',
  })),
});
export type ControllerConfig = z.infer<typeof controllerConfigSchema>;

const cuffListSchema = z.array(cuffSettingsSchema).check(z.maxLength(MAX_SETTINGS_CUFFS));

export interface ConfigProblem { key: string; error: string }

export class PhoneConfig {
  readonly problems: ConfigProblem[] = [];

  constructor(private readonly store: SettingsStore, private readonly now: () => number) {}

  private json(key: string): unknown {
    const raw = this.store.getItem(key);
    if (raw === null || raw === undefined || raw === '') return undefined;
    try {
      return JSON.parse(raw);
    } catch (e) {
      this.problem(key, 'not JSON');
      return undefined;
    }
  }

  private problem(key: string, error: string): void {
    this.problems.push({ key, error });
    if (this.problems.length > 50) this.problems.shift();
  }

  controller(): ControllerConfig | null {
    const raw = this.json(CONFIG_KEYS.controller);
    if (raw === undefined) return null;
    const parsed = parseWith(controllerConfigSchema, raw, 'controller settings');
    if (!parsed.ok) {
      this.problem(CONFIG_KEYS.controller, parsed.error);
      return null;
    }
    return parsed.value;
  }

  cuffs(): CuffSettings[] {
    const raw = this.json(CONFIG_KEYS.cuffs);
    if (raw === undefined) return [];
    const parsed = parseWith(cuffListSchema, raw, 'cuff settings');
    if (!parsed.ok) {
      this.problem(CONFIG_KEYS.cuffs, parsed.error);
      return [];
    }
    return parsed.value;
  }

  saveCuffs(cuffs: CuffSettings[]): void {
    this.store.setItem(CONFIG_KEYS.cuffs, JSON.stringify(cuffs));
    this.store.setItem(CONFIG_KEYS.updatedAt, String(this.now()));
  }

  /** Stores a measured LOP for one cuff; unknown cuffs are ignored (and reported). */
  saveLop(cuffId: string, lopMmHg: number): boolean {
    const cuffs = this.cuffs();
    const cuff = cuffs.find((c) => c.cuffId === cuffId);
    if (!cuff) {
      this.problem(CONFIG_KEYS.cuffs, 'LOP for unknown cuff ' + cuffId);
      return false;
    }
    cuff.lopMmHg = Math.round(lopMmHg);
    cuff.lopMeasuredAtMs = this.now();
    this.saveCuffs(cuffs);
    return true;
  }

  screening(): ScreeningAnswers | null {
    const raw = this.json(CONFIG_KEYS.screening);
    if (raw === undefined) return null;
    const parsed = parseScreeningAnswers(raw);
    if (!parsed.ok) {
      this.problem(CONFIG_KEYS.screening, parsed.error);
      return null;
    }
    return parsed.value;
  }

  saveScreening(answers: ScreeningAnswers): void {
    this.store.setItem(CONFIG_KEYS.screening, JSON.stringify(answers));
  }

  /** Age for the heart-rate ceiling and whether every program watches it; null when never set. */
  heartRate(): HeartRateSettings | null {
    const raw = this.json(CONFIG_KEYS.heartRate);
    if (raw === undefined) return null;
    const parsed = parseWith(heartRateSettingsSchema, raw, 'heart-rate settings');
    if (!parsed.ok) {
      this.problem(CONFIG_KEYS.heartRate, parsed.error);
      return null;
    }
    return parsed.value;
  }

  saveHeartRate(settings: HeartRateSettings): void {
    this.store.setItem(CONFIG_KEYS.heartRate, JSON.stringify(settings));
    this.store.setItem(CONFIG_KEYS.updatedAt, String(this.now()));
  }

  /** The settings message the watch asks for. */
  settingsSync(): SettingsSync {
    const controller = this.controller();
    const updated = Number(this.store.getItem(CONFIG_KEYS.updatedAt));
    const heartRate = this.heartRate();
    const out: SettingsSync = {
      v: 1,
      kind: 'settings',
      cuffs: this.cuffs(),
      controllerAddress: controller ? controller.url.slice(0, 200) : null,
      updatedAtMs: Number.isFinite(updated) && updated > 0 ? Math.floor(updated) : 0,
    };
    if (heartRate) out.heartRate = heartRate;
    return out;
  }
}

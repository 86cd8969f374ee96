// The age for the heart-rate ceiling is asked once on the phone and reaches the watch in the
// settings message, parsed with the settings schema; a bad age is kept as a draft with a
// message, never stored; settings from before heart rate still parse.
import { MemorySettingsStore } from '../../companion/settingsStore';
import { PhoneConfig } from '../../companion/phoneConfig';
import { editAge, editCeilingAllPrograms, settingsViewModel } from '../../companion/settingsView';
import { parseSettingsSync } from '../../shared/protocol/settings';
import { PROGRAMS } from '../../shared/programs';
import { createSession } from '../../shared/session';

const now = () => 1_800_000_000_000;

describe('heart-rate settings', () => {
  it('age and the every-program switch are stored, shown, and sent to the watch', () => {
    const store = new MemorySettingsStore();
    const config = new PhoneConfig(store, now);
    expect(config.settingsSync().heartRate).toBeUndefined();
    let vm = settingsViewModel(store, now);
    expect(vm.heartRate).toMatchObject({ age: 'not given', ceilingAllPrograms: false, ceiling: '129 bpm (age not given: assumes 80)' });
    expect(editAge(store, ' 70 ', now)).toEqual({ stored: true, error: null });
    editCeilingAllPrograms(store, true, now);
    vm = settingsViewModel(store, now);
    expect(vm.heartRate).toMatchObject({ age: '70', ageError: null, ceilingAllPrograms: true, ceiling: '135 bpm (age 70)' });
    const sync = new PhoneConfig(store, now).settingsSync();
    expect(sync.heartRate).toEqual({ ageYears: 70, ceilingAllPrograms: true });
    const parsed = parseSettingsSync(JSON.parse(JSON.stringify(sync)));
    expect(parsed.ok).toBe(true);
    // ...and the watch builds its session with it: a walking program now watches 135 bpm.
    const s = createSession({
      sessionId: 's', program: PROGRAMS['walk-intervals'], restriction: 'none', screening: null,
      device: { platform: 'zepp', model: 't', appVersion: '0', controller: null }, nowMs: 0,
      heartRate: parsed.ok ? parsed.value.heartRate : null,
    });
    expect(s.heartRate.ceilingBpm).toBe(135);
  });

  it('a bad age is not stored: a draft with a message; empty clears the age', () => {
    const store = new MemorySettingsStore();
    editAge(store, '65', now);
    for (const bad of ['abc', '17', '101', '70.5', '-3']) {
      const r = editAge(store, bad, now);
      expect(r.stored).toBe(false);
      expect(r.error).toMatch(/18 to 100/);
      const vm = settingsViewModel(store, now);
      expect(vm.heartRate.ageText).toBe(bad);
      expect(vm.heartRate.age).toBe('65');
    }
    expect(editAge(store, '', now).stored).toBe(true);
    expect(settingsViewModel(store, now).heartRate).toMatchObject({ age: 'not given', ageText: null, ageError: null });
  });

  it('settings without heart rate (sent before it existed) still parse; a tampered one is refused and reported', () => {
    const old = { v: 1, kind: 'settings', cuffs: [], controllerAddress: null, updatedAtMs: 5 };
    expect(parseSettingsSync(old).ok).toBe(true);
    const bad = parseSettingsSync({ ...old, heartRate: { ageYears: 7, ceilingAllPrograms: true } });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toMatch(/heartRate\.ageYears/);
    const store = new MemorySettingsStore();
    store.setItem('heartRate', JSON.stringify({ ageYears: 'old', ceilingAllPrograms: 1 }));
    const config = new PhoneConfig(store, now);
    expect(config.settingsSync().heartRate).toBeUndefined();
    expect(config.problems.map((p) => p.key)).toContain('heartRate');
  });
});

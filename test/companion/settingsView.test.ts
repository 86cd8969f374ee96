import { MemorySettingsStore } from '../../companion/settingsStore';
import { createSessionInbox } from '../../companion/sessionInbox';
import { parseLopInput, sessionLine, settingsViewModel, sparkline } from '../../companion/settingsView';
import { makeRecord, push } from './fixtures';

describe('settings page view model', () => {
  it('sparkline scales to the maximum and squeezes long series', () => {
    expect(sparkline([0, 50, 100])).toBe('▁▄█');
    expect(sparkline(new Array(100).fill(0).map((_, i) => i), 10)).toHaveLength(10);
    expect(sparkline([])).toBe('');
  });

  it('shows controller, cuffs, screening and sessions from storage, and reports bad values', () => {
    const store = new MemorySettingsStore();
    store.setItem('controller', JSON.stringify({ url: 'https://cuffs.local', token: 't0k' }));
    store.setItem('cuffs', JSON.stringify([{ cuffId: 'leg', limb: 'leg', side: 'left', widthCm: 11, lopMmHg: 221.4, lopMeasuredAtMs: 1 }]));
    store.setItem('screening', '{broken');
    const inbox = createSessionInbox(store);
    expect(inbox.receive(push(makeRecord())).stored).toBe(true);
    const vm = settingsViewModel(store, () => 0);
    expect(vm.controllerUrl).toBe('https://cuffs.local');
    expect(vm.cuffs).toEqual([{ cuffId: 'leg', limb: 'leg', widthCm: 11, lop: '221 mmHg', lopText: null, lopError: null }]);
    expect(vm.screening).toBe('not answered');
    expect(vm.problems.join(' ')).toMatch(/screening: not JSON/);
    expect(vm.sessions).toHaveLength(1);
    expect(vm.sessions[0].detail).toMatch(/sets/);
  });

  it('a session line carries the counts and a pressure chart', () => {
    const record = makeRecord();
    const line = sessionLine(record, false);
    expect(line.title).toContain(record.programName);
    expect(line.detail).toContain(record.sets.map((s) => s.corrected).join('/'));
    expect(line.pressureChart.length).toBe(record.pressureSamples.length ? Math.min(24, line.pressureChart.length) : 0);
  });

  it('LOP typed by hand must be a whole number of mmHg in range', () => {
    expect(parseLopInput(' 180 ')).toBe(180);
    expect(parseLopInput('18')).toBeNull();
    expect(parseLopInput('abc')).toBeNull();
    expect(parseLopInput('180.5')).toBeNull();
  });
});

// Fitbit messaging as the shell uses it: bad input is refused and counted, a message over
// MAX_MESSAGE_SIZE is never handed to the socket, a full buffer makes the sender wait for
// `bufferedamountdecrease`, and losing the watch mid-set deflates the cuffs from the phone.
import { BUFFER_BYTES, MAX_MESSAGE_SIZE } from '../../sim/fitbit/messaging';
import { fillSettingsPage, startRig, walking, type Rig } from './harness';
import { makeRecord } from './records';

interface LinkStats { sent: number; received: number; rejected: Record<string, number>; dropped: Record<string, number>; backoffs: number }
interface Link { stats: LinkStats; send(message: unknown, key?: string): boolean; queued(): number }
const deviceOf = (r: Rig) => (r.sys.device as { app: { link: Link; store: { settings(): { updatedAtMs: number } | null } } }).app;
const phoneOf = (r: Rig) => (r.sys.phone as { companion: { link: Link; rejected: Record<string, number>; cuffs: { counts: Record<string, number> } } }).companion;

let rig: Rig | null = null;
afterEach(async () => {
  if (rig) await rig.close();
  rig = null;
});

describe('Fitbit messaging', () => {
  it('refuses and counts malformed messages on both ends, and keeps working', async () => {
    rig = await startRig();
    const { sys } = rig;
    sys.link.inject('device', 'not an object');
    sys.link.inject('device', { v: 1, kind: 'pressure', cuffId: 'leg-left', mmHg: 'high' });
    sys.link.inject('device', { v: 1, kind: 'launchMissiles' });
    sys.link.inject('companion', { v: 2, kind: 'cuffCommand', id: 'x', command: { type: 'deflateAll' } });
    sys.link.inject('companion', null);
    const device = deviceOf(rig).link.stats;
    expect(device.rejected).toEqual({ malformed: 1, pressure: 1, launchMissiles: 1 });
    expect(phoneOf(rig).link.stats.rejected).toEqual({ cuffCommand: 1, malformed: 1 });
    expect(phoneOf(rig).cuffs.counts.handled).toBe(0);
    // A good message still gets through afterwards.
    fillSettingsPage(sys, 'http://127.0.0.1:9', 180);
    await rig.advance(2000);
    expect(deviceOf(rig).store.settings()).not.toBeNull();
    expect([...sys.errors, ...rig.clock.errors]).toEqual([]);
  });

  it('never sends a message larger than MAX_MESSAGE_SIZE, whole or otherwise', async () => {
    rig = await startRig();
    const phone = phoneOf(rig).link;
    const record = makeRecord();
    expect(JSON.stringify(record).length).toBeGreaterThan(MAX_MESSAGE_SIZE);
    expect(phone.send({ v: 1, kind: 'sessionPush', record })).toBe(false);
    expect(phone.stats.dropped).toEqual({ tooLarge: 1 });
    await rig.advance(1000);
    const all = [...rig.sys.link.device.sentLog, ...rig.sys.link.companion.sentLog];
    expect(all.some((m) => (m.data as { kind: string }).kind === 'sessionPush')).toBe(false);
    expect(Math.max(...all.map((m) => m.bytes))).toBeLessThanOrEqual(MAX_MESSAGE_SIZE);
    expect(rig.sys.link.companion.refused.tooLarge).toBe(0);
  });

  it('waits for bufferedamountdecrease when the buffer is full, then delivers everything in order', async () => {
    rig = await startRig();
    await rig.advance(1000);
    const phone = phoneOf(rig).link;
    const before = deviceOf(rig).link.stats.received;
    const sent = phone.stats.sent;
    const n = 60;
    for (let i = 0; i < n; i++) {
      expect(phone.send({ v: 1, kind: 'settings', cuffs: [], controllerAddress: null, updatedAtMs: 1000 + i })).toBe(true);
    }
    // Far more than the socket may buffer: most wait in the link's own queue.
    expect(phone.queued()).toBeGreaterThan(0);
    expect(rig.sys.link.companion.bufferedAmount).toBeLessThanOrEqual(BUFFER_BYTES);
    expect(phone.stats.backoffs).toBeGreaterThan(0);
    await rig.advance(10_000);
    expect(phone.queued()).toBe(0);
    expect(phone.stats.sent - sent).toBe(n);
    expect(deviceOf(rig).link.stats.received - before).toBe(n);
    expect(deviceOf(rig).store.settings()?.updatedAtMs).toBe(1000 + n - 1);
    expect(rig.sys.link.companion.refused.bufferFull).toBe(0);
  });

  it('losing the watch mid-set deflates the cuffs from the phone; the watch alarms', async () => {
    rig = await startRig();
    const { sys, server } = rig;
    fillSettingsPage(sys, server.url, 200);
    await rig.advance(2000);
    sys.accelerometer.source = walking();
    sys.document.tap('program-0');
    await rig.advance(20_000);
    expect(server.model.cuffs.some((c: { pressureMmHg: number }) => c.pressureMmHg > 100)).toBe(true);
    sys.link.setConnected(false);
    await rig.advance(6000);
    expect(server.model.cuffs.every((c: { pressureMmHg: number }) => c.pressureMmHg < 20)).toBe(true);
    const events = (sys.phone as { companion: { events: { list(): Array<{ kind: string; message: string }> } } }).companion.events.list();
    expect(events.some((e) => e.kind === 'deflateAll' && /watch link closed/.test(e.message))).toBe(true);
    expect(sys.vibrations.map((v) => v.pattern)).toContain('alert');
    expect(sys.document.text('message')).not.toBe('');
    expect(sys.document.visible('message')).toBe(true);
  });
});

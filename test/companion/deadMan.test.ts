import { DeadMan, watchSilentTooLong, WATCH_SILENCE_LIMIT_MS } from '../../companion/deadMan';

function fakeTimers() {
  const timers: Array<{ fn: () => void; at: number }> = [];
  return { timers, set: (fn: () => void, ms: number) => timers.push({ fn, at: ms }), clear: () => undefined };
}

describe('dead-man rule', () => {
  it('trips only when inflated and silent for the limit', () => {
    expect(watchSilentTooLong(0, WATCH_SILENCE_LIMIT_MS - 1, true)).toBe(false);
    expect(watchSilentTooLong(0, WATCH_SILENCE_LIMIT_MS, true)).toBe(true);
    expect(watchSilentTooLong(0, 60000, false)).toBe(false);
  });

  it('deflates once per silence, retries when the deflate fails, and re-arms when the watch speaks', async () => {
    let t = 0;
    let inflated = true;
    const calls: string[] = [];
    let fail = true;
    const dm = new DeadMan(() => t, fakeTimers(), () => inflated, async (why) => {
      calls.push(why);
      if (fail) throw new Error('controller unreachable');
    });
    t = WATCH_SILENCE_LIMIT_MS + 100;
    dm.check();
    await Promise.resolve();
    await Promise.resolve();
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatch(/watch silent for 8.1 s/);
    fail = false;
    dm.check(); // the failed attempt re-arms: try again
    await Promise.resolve();
    dm.check(); // succeeded: not again for the same silence
    expect(calls).toHaveLength(2);
    dm.heard();
    t += WATCH_SILENCE_LIMIT_MS;
    inflated = false;
    dm.check();
    expect(calls).toHaveLength(2);
  });

  it('counts the silence from the last message saved before a restart of the side service', () => {
    let saved: number | null = null;
    let t = 1000;
    const store = { load: () => saved, save: (ms: number) => { saved = ms; } };
    const first = new DeadMan(() => t, fakeTimers(), () => true, async () => undefined, undefined, store);
    first.heard();
    expect(saved).toBe(1000);
    // The service is stopped and relaunched 7 s later; the watch is still silent.
    t = 8000;
    const calls: string[] = [];
    const second = new DeadMan(() => t, fakeTimers(), () => true, async (why) => { calls.push(why); }, undefined, store);
    t = 1000 + WATCH_SILENCE_LIMIT_MS;
    second.check();
    expect(calls).toHaveLength(1);
  });
});

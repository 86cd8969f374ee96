// The Node Zepp runtime runs the real app, page and side-service bundles with the real ZML on
// both ends of a simulated BLE link.
import { VirtualClock } from '../../sim/clock';
import { BleLink } from '../../sim/zepp/bleLink';
import { SimWatch } from '../../sim/zepp/watchRuntime';
import { SimSideService } from '../../sim/zepp/sideRuntime';
import { readMessages } from '../../sim/zepp/po';

const text = readMessages();

async function system(opts: { phone?: boolean; shape?: 'r' | 's' } = {}) {
  const clock = new VirtualClock();
  const link = new BleLink(clock);
  const side = new SimSideService({ clock, ble: link.phone });
  if (opts.phone !== false) await side.start();
  const watch = new SimWatch({ clock, link, shape: opts.shape });
  await watch.launch();
  return { clock, link, side, watch };
}

describe('Node Zepp runtime', () => {
  it('the home page says hello to the real side service through ZML and the BLE link', async () => {
    const { clock, link, side, watch } = await system();
    expect(watch.texts()).toContain(text.phoneConnecting);
    await clock.advance(1000);
    expect(watch.texts()).toContain(text.phoneConnected);
    expect(side.frames.shakes).toBe(1);
    expect(link.stats.chunksToPhone).toBeGreaterThanOrEqual(2);
    expect([...watch.errors, ...side.errors, ...clock.errors]).toEqual([]);
  });

  it('tapping a program opens its pre-session check, and the swipe goes back home', async () => {
    const { watch } = await system({ shape: 's' });
    await watch.tap(text['program.walk-intervals']);
    expect(watch.currentUrl).toBe('page/precheck/index.page');
    expect(watch.texts()).toContain(text['program.walk-intervals']);
    expect(await watch.swipeBack()).toBe(false);
    expect(watch.currentUrl).toBe('page/home/index.page');
  });

  it('with no side service the request times out and the page says timer only', async () => {
    const { clock, watch } = await system({ phone: false });
    // ZML first waits for its BLE handshake (5 s) and only then for the request itself.
    await clock.advance(2_900);
    expect(watch.texts()).toContain(text.phoneConnecting);
    await clock.advance(3_000);
    expect(watch.texts()).toContain(text.phoneUnavailable);
  });

  it('with the link down the request fails without waiting forever', async () => {
    const clock = new VirtualClock();
    const link = new BleLink(clock);
    link.setConnected(false);
    const side = new SimSideService({ clock, ble: link.phone });
    await side.start();
    const watch = new SimWatch({ clock, link });
    await watch.launch();
    await clock.advance(6_000);
    expect(watch.texts()).toContain(text.phoneUnavailable);
  });

  it('a killed app relaunches with its storage', async () => {
    const { clock, link, watch } = await system();
    watch.storage.set('probe', '"kept"');
    watch.kill();
    expect(watch.running).toBe(false);
    const again = new SimWatch({ clock, link, storage: watch.storage });
    await again.launch();
    expect(again.storage.get('probe')).toBe('"kept"');
    await clock.advance(1000);
    expect(again.texts()).toContain(text.phoneConnected);
  });
});

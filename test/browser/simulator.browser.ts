// The simulator page in a real browser: a walk-intervals session from the page, as a person
// would run it. Screenshots go to test-artifacts/browser/.
import type { BrowserContext, Page } from 'playwright-core';
import { startWebSim, type WebSim } from '../../sim/web/server';
import { artifact, chromiumAvailable, launch } from './chromium';

const HAS_CHROMIUM = chromiumAvailable();
const d = HAS_CHROMIUM ? describe : describe.skip;
const SPEED = 25;

const watchButton = (page: Page, label: string) => page.locator('#watch g[role="button"][aria-label="' + label + '"]');
const watchText = async (page: Page) => (await page.locator('#watch').textContent()) || '';

d('the simulator page', () => {
  let sim: WebSim;
  let browser: { context: BrowserContext; close: () => Promise<void> };
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    sim = await startWebSim({ port: 0, speed: SPEED, seed: 3 });
    browser = await launch();
    page = await browser.context.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(sim.url);
  }, 60000);

  afterAll(async () => {
    if (browser) await browser.close();
    if (sim) await sim.close();
  });

  it('draws the round watch from the widget tree, the phone and the controller', async () => {
    await watchButton(page, 'Walk intervals').waitFor({ timeout: 15000 });
    await page.locator('#conn.live').waitFor({ timeout: 10000 });
    const svg = page.locator('#watch');
    expect(await svg.getAttribute('width')).toBe('480');
    expect(await svg.getAttribute('data-shape')).toBe('round');
    await page.locator('#link-state', { hasText: 'connected' }).waitFor({ timeout: 15000 });
    await page.locator('#cuff-leg canvas').waitFor();
    await page.screenshot({ path: artifact('01-home.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('runs a walk-intervals session: LOP, start, the timer moves, the pressure reaches the band, it finishes', async () => {
    await watchButton(page, 'Walk intervals').click();
    await watchButton(page, 'Measure LOP').waitFor({ timeout: 10000 });
    // the page asks the phone for the cuff settings first
    await page.locator('#watch', { hasText: /LOP not measured|LOP \d+ mmHg/ }).waitFor({ timeout: 10000 });
    await watchButton(page, 'Measure LOP').click();
    for (let attempt = 0; attempt < 10; attempt++) {
      await page.locator('#watch', { hasText: /LOP measured|Retry/ }).waitFor({ timeout: 30000 });
      if ((await watchText(page)).includes('LOP measured')) break;
      await watchButton(page, 'Retry').click();
      await page.waitForTimeout(300);
    }
    expect(await watchText(page)).toContain('LOP measured');
    await page.screenshot({ path: artifact('02-precheck-lop.png'), fullPage: true });

    await watchButton(page, 'Start').click();
    await page.locator('body[data-watch-url="page/session/index.page"]').waitFor({ timeout: 10000 });
    const timer = async () => {
      const texts = await page.locator('#watch g[data-type="TEXT"]').evaluateAll((gs) => gs.map((g) => (g.textContent || '').trim()));
      return texts.find((t) => /^\d+:\d\d$/.test(t)) || null;
    };
    await page.locator('#watch', { hasText: /\d+:\d\d/ }).waitFor({ timeout: 10000 });
    const t1 = await timer();
    await page.waitForTimeout(1500);
    const t2 = await timer();
    expect(t1).not.toBeNull();
    expect(t2).not.toBe(t1);

    // the leg cuff inflates into its band (target +-10 %)
    await page.locator('#cuff-leg[data-in-band="true"]').waitFor({ timeout: 30000 });
    await page.locator('#watch', { hasText: /\d+ steps/ }).waitFor({ timeout: 30000 });
    await page.screenshot({ path: artifact('03-session-in-band.png'), fullPage: true });

    // 14 simulated minutes at x25: about 34 s of real time
    await page.locator('body[data-watch-url="page/summary/index.page"]').waitFor({ timeout: 120000 });
    await page.locator('#watch', { hasText: 'Well done!' }).waitFor({ timeout: 10000 });
    await page.screenshot({ path: artifact('04-summary.png'), fullPage: true });
  }, 200000);

  it('shows the session in the phone panel with working exports', async () => {
    const row = page.locator('#sessions tr[data-session]', { hasText: 'walk-intervals' });
    await row.filter({ hasText: 'completed' }).first().waitFor({ timeout: 20000 });
    await page.locator('#cuff-leg[data-state="idle"]').waitFor({ timeout: 20000 });
    await page.locator('#phone-panel').screenshot({ path: artifact('05-phone-panel.png') });
    const hrefs = await row.first().locator('a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute('href') || ''));
    expect(hrefs.map((h) => h.split('.').pop())).toEqual(['csv', 'json', 'fit']);
    const csv = await page.request.get(sim.url + hrefs[0]);
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toMatch(/walk-intervals/);
    const json = await page.request.get(sim.url + hrefs[1]);
    expect(JSON.parse(await json.text()).format).toBe('bfr-coach.session');
    const fit = await page.request.get(sim.url + hrefs[2]);
    expect(fit.status()).toBe(200);
    expect((await fit.body()).subarray(8, 12).toString('latin1')).toBe('.FIT');
  }, 60000);

  it('injects a controller fault from the page', async () => {
    await page.locator('#fault-buttons button', { hasText: 'Delay 1.5 s' }).click();
    await page.locator('#faults-now', { hasText: 'Delay 1.5 s' }).waitFor({ timeout: 5000 });
    expect(sim.system().controller!.faults.delayMs).toBe(1500);
    await page.locator('#clear-faults').click();
    await page.locator('#faults-now', { hasText: 'none' }).waitFor({ timeout: 5000 });
    await page.locator('#controller-panel').screenshot({ path: artifact('06-controller-panel.png') });
  }, 30000);

  it('scrolls the home list with the wheel and a drag, and starts the guided routine from below the fold', async () => {
    // From the summary back home: the list is taller than the watch screen.
    await watchButton(page, 'Done').click();
    await page.locator('body[data-watch-url="page/home/index.page"]').waitFor({ timeout: 10000 });
    const svg = page.locator('#watch');
    await page.waitForFunction(() => Number(document.getElementById('watch')!.getAttribute('data-scroll-max')) > 0, undefined, { timeout: 10000 });
    const box = (await svg.boundingBox())!;
    const guided = watchButton(page, 'Guided routine');
    const inView = async () => {
      const b = await guided.boundingBox();
      return !!b && b.y >= box.y && b.y + b.height <= box.y + box.height;
    };
    expect(await inView()).toBe(false); // below the screen: a click would land on the page footer
    // A finger drags the page up a little ...
    await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.8);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.6, { steps: 5 });
    await page.mouse.up();
    await page.waitForFunction(() => Number(document.getElementById('watch')!.getAttribute('data-scroll')) > 0, undefined, { timeout: 5000 });
    // ... and the wheel does the rest.
    for (let i = 0; i < 10 && !(await inView()); i++) {
      await page.mouse.wheel(0, 120);
      await page.waitForTimeout(150);
    }
    expect(await inView()).toBe(true);
    // the runtime agrees: the page is scrolled on the watch, not just drawn that way
    for (let i = 0; i < 50 && sim.system().watch.device.scrollY === 0; i++) await page.waitForTimeout(100);
    expect(sim.system().watch.device.scrollY).toBeGreaterThan(0);
    await page.screenshot({ path: artifact('07-home-scrolled.png'), fullPage: true });
    await guided.click();
    await page.locator('body[data-watch-url="page/precheck/index.page"]').waitFor({ timeout: 10000 });
    await page.locator('#watch', { hasText: /LOP \d+ mmHg/ }).waitFor({ timeout: 10000 });
    await watchButton(page, 'Start').click();
    await page.locator('body[data-watch-url="page/session/index.page"]').waitFor({ timeout: 10000 });
    await page.locator('#watch', { hasText: 'Sit to stand' }).waitFor({ timeout: 10000 });
    await page.screenshot({ path: artifact('08-guided-routine.png'), fullPage: true });
    expect(sim.system().watch.errors).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 60000);

  it('switches to the square watch', async () => {
    await page.locator('#shape-square').click();
    await page.locator('#watch[data-shape="square"]').waitFor({ timeout: 20000 });
    expect(await page.locator('#watch').getAttribute('width')).toBe('390');
    expect(await page.locator('#watch').getAttribute('height')).toBe('450');
    await watchButton(page, 'Walk intervals').waitFor({ timeout: 15000 });
    await page.locator('#cuff-leg canvas').waitFor({ timeout: 10000 });
    expect(await page.locator('#controller-url').textContent()).toMatch(/^http:\/\/127\.0\.0\.1:/);
    // the phone kept its history across the restart
    await page.locator('#sessions tr[data-session]', { hasText: 'walk-intervals' }).first().waitFor({ timeout: 5000 });
    await page.screenshot({ path: artifact('09-square.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  }, 60000);
});

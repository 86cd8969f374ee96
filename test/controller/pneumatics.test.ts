import {
  advance,
  createModel,
  deflate,
  deflateAll,
  findCuff,
  inflate,
  limbOfCuffId,
  readingsAfter,
  rippleAmplitude,
  spike,
  startLop,
  statusOf,
  type PneumaticModel,
} from '../../sim/controller/pneumatics';
import { statusResponseSchema, telemetryResponseSchema, type Posture, type Reading } from '../../shared/protocol/controller';

function cuff(model: PneumaticModel, id: string) {
  const c = findCuff(model, id);
  if (!c) throw new Error('no cuff ' + id);
  return c;
}

/** Runs a LOP measurement to its end; returns the result. */
function measure(model: PneumaticModel, id: string, posture: Posture) {
  const r = startLop(model, id, posture);
  if (!r.ok) throw new Error(r.message);
  for (let t = 0; t < 120000 && (!cuff(model, id).lastLop || cuff(model, id).lastLop!.id !== r.value.measurementId); t += 100) advance(model, 100);
  return cuff(model, id).lastLop!;
}

function readingsOf(rs: Reading[], id: string) {
  return rs.filter((r) => r.cuffId === id);
}

describe('pneumatic model', () => {
  it('is deterministic for a seed, whatever the step sizes', () => {
    const run = (steps: number[]) => {
      const m = createModel({ seed: 42 });
      const out: Reading[] = [];
      inflate(m, 'arm', 100);
      for (const s of steps) out.push(...advance(m, s));
      inflate(m, 'leg', 140);
      for (const s of steps) out.push(...advance(m, s));
      return out;
    };
    const a = run(Array(50).fill(200));
    const b = run([...Array(100).fill(100)]);
    const c = run([3, 7, 990, ...Array(90).fill(100)]);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(a.length).toBeGreaterThan(50);
    expect(createModel({ seed: 42 }).cuffs.map((x) => x.params.trueLopMmHg)).toEqual(createModel({ seed: 42 }).cuffs.map((x) => x.params.trueLopMmHg));
    const lops = new Set(Array.from({ length: 20 }, (_, s) => createModel({ seed: s }).cuffs[0].params.trueLopMmHg));
    expect(lops.size).toBeGreaterThan(5);
  });

  it('gives limbs realistic occlusion pressures (arm ~150, leg ~220)', () => {
    const arms: number[] = [];
    const legs: number[] = [];
    for (let s = 0; s < 200; s++) {
      const m = createModel({ seed: s });
      arms.push(cuff(m, 'arm').params.trueLopMmHg);
      legs.push(cuff(m, 'leg').params.trueLopMmHg);
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(arms)).toBeGreaterThan(140);
    expect(mean(arms)).toBeLessThan(160);
    expect(mean(legs)).toBeGreaterThan(205);
    expect(mean(legs)).toBeLessThan(235);
    expect(Math.min(...arms)).toBeGreaterThanOrEqual(100);
    expect(Math.max(...legs)).toBeLessThanOrEqual(290);
  });

  it('knows limbs from cuff ids and refuses others', () => {
    expect(limbOfCuffId('arm')).toBe('arm');
    expect(limbOfCuffId('leg-right')).toBe('leg');
    expect(limbOfCuffId('knee')).toBeNull();
    expect(() => createModel({ cuffs: ['arm', 'arm'] })).toThrow(/twice/);
    expect(() => createModel({ cuffs: ['neck'] })).toThrow(/arm or leg/);
  });

  it.each([
    ['arm', 0.5, 5000],
    ['arm', 0.6, 5000],
    ['leg', 0.6, 8000],
    ['leg', 0.8, 9000],
  ] as const)('%s at %s LOP: reaches the band within %d ms, overshoots a little, then holds within +-10%% most of the time', (id, fraction, withinMs) => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const m = createModel({ seed });
      const target = Math.round(fraction * cuff(m, id).params.trueLopMmHg);
      expect(inflate(m, id, target).ok).toBe(true);
      const rs = readingsOf(advance(m, 120000), id);
      const reached = rs.find((r) => Math.abs(r.pressureMmHg - target) <= 0.1 * target);
      expect(reached).toBeDefined();
      expect(reached!.tMs).toBeLessThanOrEqual(withinMs);
      const after = rs.filter((r) => r.tMs >= reached!.tMs);
      const inBand = after.filter((r) => Math.abs(r.pressureMmHg - target) <= 0.1 * target).length / after.length;
      expect(inBand).toBeGreaterThan(0.9); // Delfi-like: median 95 % within +-10 %
      const peak = Math.max(...after.slice(0, 40).map((r) => r.pressureMmHg));
      expect(peak).toBeGreaterThan(target); // it overshoots ...
      expect(peak).toBeLessThan(target * 1.15); // ... but not much
      expect(cuff(m, id).state).toBe('holding');
      expect(after[after.length - 1].state).toBe('holding');
    }
  });

  it('ripples with the pulse below LOP and not above it', () => {
    const m = createModel({ seed: 3 });
    const c = cuff(m, 'arm');
    const lop = c.params.trueLopMmHg;
    expect(rippleAmplitude(c, 0.6 * lop)).toBeGreaterThan(1.5);
    expect(rippleAmplitude(c, lop)).toBe(0);
    inflate(m, 'arm', Math.round(0.7 * lop));
    const rs = readingsOf(advance(m, 30000), 'arm').slice(-50);
    const spread = Math.max(...rs.map((r) => r.pressureMmHg)) - Math.min(...rs.map((r) => r.pressureMmHg));
    expect(spread).toBeGreaterThan(2);
    expect(spread).toBeLessThan(15);
  });

  it('deflates to idle in a few seconds', () => {
    const m = createModel({ seed: 5 });
    inflate(m, 'leg', 180);
    advance(m, 20000);
    expect(deflate(m, 'leg').ok).toBe(true);
    expect(cuff(m, 'leg').state).toBe('deflating');
    advance(m, 5000);
    expect(cuff(m, 'leg').state).toBe('idle');
    expect(cuff(m, 'leg').pressureMmHg).toBeLessThan(2);
    expect(statusOf(m).cuffs[1].valve).toBe('open');
  });

  it('leaks slowly; a bad leak makes the pump work harder', () => {
    const m = createModel({ seed: 6 });
    inflate(m, 'arm', 100);
    advance(m, 10000);
    // With the valve stuck and the pump off (fault state), only the leak acts.
    m.faults.stuckValve = true;
    deflate(m, 'arm');
    expect(cuff(m, 'arm').state).toBe('fault');
    const p0 = cuff(m, 'arm').pressureMmHg;
    advance(m, 10000);
    const p1 = cuff(m, 'arm').pressureMmHg;
    expect(p1).toBeLessThan(p0);
    expect(p1).toBeGreaterThan(p0 * 0.9); // under ~1 %/s

    const pumpWork = (leakFactor: number) => {
      const mm = createModel({ seed: 6 });
      mm.faults.leakFactor = leakFactor;
      inflate(mm, 'arm', 100);
      advance(mm, 10000);
      const before = cuff(mm, 'arm').pumpOnMs;
      advance(mm, 60000);
      return cuff(mm, 'arm').pumpOnMs - before;
    };
    expect(pumpWork(20)).toBeGreaterThan(pumpWork(1) * 5);
  });

  it('stuck valve: deflate fails and pressure stays until the valve frees', () => {
    const m = createModel({ seed: 7 });
    inflate(m, 'arm', 120);
    advance(m, 10000);
    m.faults.stuckValve = ['arm'];
    expect(statusOf(m).cuffs[0].valve).toBe('stuck');
    const r = deflate(m, 'arm');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.code).toBe('valve-stuck');
    const all = deflateAll(m);
    expect(all.ok).toBe(false);
    if (!all.ok) expect(all.message).toMatch(/arm/);
    advance(m, 5000);
    expect(cuff(m, 'arm').state).toBe('fault');
    expect(cuff(m, 'arm').fault).toBe('valve-stuck');
    expect(cuff(m, 'arm').pressureMmHg).toBeGreaterThan(100);
    expect(inflate(m, 'arm', 100)).toMatchObject({ ok: false, code: 'cuff-fault' });
    m.faults.stuckValve = false;
    advance(m, 6000);
    expect(cuff(m, 'arm').state).toBe('idle');
    expect(cuff(m, 'arm').pressureMmHg).toBeLessThan(2);
  });

  it('spike: pressure jumps, then the regulator brings it back into the band', () => {
    const m = createModel({ seed: 8 });
    inflate(m, 'arm', 90);
    advance(m, 10000);
    const seq = m.seq;
    expect(spike(m, 'arm', 100).ok).toBe(true);
    const rs = readingsOf(advance(m, 10000), 'arm');
    expect(rs[0].seq).toBeGreaterThan(seq);
    expect(Math.max(...rs.map((r) => r.pressureMmHg))).toBeGreaterThan(170);
    const last = rs.slice(-10);
    for (const r of last) expect(Math.abs(r.pressureMmHg - 90)).toBeLessThanOrEqual(9);
    expect(spike(m, 'knee', 10)).toMatchObject({ ok: false, code: 'unknown-cuff' });
  });

  it('spike above the hard max: the firmware vents and reports over-pressure', () => {
    const m = createModel({ seed: 9 });
    inflate(m, 'leg', 200);
    advance(m, 15000);
    spike(m, 'leg', 150);
    advance(m, 50);
    expect(cuff(m, 'leg').state).toBe('fault');
    expect(cuff(m, 'leg').fault).toBe('over-pressure');
    advance(m, 6000);
    expect(cuff(m, 'leg').pressureMmHg).toBeLessThan(5);
    expect(deflate(m, 'leg').ok).toBe(true);
    advance(m, 500);
    expect(cuff(m, 'leg').state).toBe('idle');
  });

  it('refuses targets above the hard max and commands that clash', () => {
    const m = createModel({ seed: 10 });
    expect(inflate(m, 'arm', 301)).toMatchObject({ ok: false, code: 'target-above-max' });
    expect(inflate(m, 'knee', 100)).toMatchObject({ ok: false, code: 'unknown-cuff' });
    expect(startLop(m, 'arm', 'seated').ok).toBe(true);
    advance(m, 1000);
    expect(inflate(m, 'arm', 100)).toMatchObject({ ok: false, code: 'cuff-busy' });
    expect(startLop(m, 'arm', 'seated')).toMatchObject({ ok: false, code: 'cuff-busy' });
    inflate(m, 'leg', 100);
    expect(startLop(m, 'leg', 'seated')).toMatchObject({ ok: false, code: 'cuff-busy' });
    // deflate is always accepted and cancels a measurement
    expect(deflate(m, 'arm').ok).toBe(true);
    expect(cuff(m, 'arm').lastLop).toMatchObject({ ok: false, code: 'lop-aborted' });
  });

  it('measures LOP close to the limb value in a few seconds, then deflates', () => {
    let ok = 0;
    for (let seed = 0; seed < 20; seed++) {
      const m = createModel({ seed });
      for (const id of ['arm', 'leg']) {
        const res = measure(m, id, 'seated');
        expect(res.durationMs).toBeGreaterThan(2000);
        expect(res.durationMs).toBeLessThan(id === 'arm' ? 9000 : 14000);
        if (res.ok) {
          ok++;
          expect(Math.abs(res.lopMmHg! - cuff(m, id).params.trueLopMmHg)).toBeLessThanOrEqual(8);
          expect(cuff(m, id).lopMmHg).toBe(res.lopMmHg);
        } else {
          expect(res.code).toBe('lop-failed');
          expect(res.message).toMatch(/still/);
        }
        expect(cuff(m, id).state).toBe('deflating');
        advance(m, 8000);
        expect(cuff(m, id).state).toBe('idle');
      }
    }
    expect(ok).toBeGreaterThan(30);
  });

  it('LOP fails far more often standing than seated (Rolnick 2025: 29-51 % success upright)', () => {
    const failRate = (posture: Posture, moving = false) => {
      let fails = 0;
      const n = 300;
      for (let seed = 1000; seed < 1000 + n; seed++) {
        const m = createModel({ seed, cuffs: ['arm'] });
        m.faults.traineeMoving = moving;
        const r = measure(m, 'arm', posture);
        if (!r.ok) fails++;
      }
      return fails / n;
    };
    const seated = failRate('seated');
    const standing = failRate('standing');
    expect(seated).toBeGreaterThan(0.03);
    expect(seated).toBeLessThan(0.18);
    expect(standing).toBeGreaterThan(0.49);
    expect(standing).toBeLessThan(0.71);
    expect(failRate('seated', true)).toBeGreaterThan(0.8);
  });

  it('keeps readings contiguous and returns them by seq, bounded', () => {
    const m = createModel({ seed: 11, maxReadings: 100 });
    advance(m, 60000); // 600 readings, ring of 100..150
    expect(m.readings.length).toBeLessThanOrEqual(150);
    const rs = readingsAfter(m, m.seq - 10, 500);
    expect(rs.map((r) => r.seq)).toEqual(Array.from({ length: 10 }, (_, i) => m.seq - 9 + i));
    expect(readingsAfter(m, m.seq, 500)).toEqual([]);
    const old = readingsAfter(m, 0, 20);
    expect(old.length).toBe(20);
    expect(old[0].seq).toBe(m.readings[0].seq);
    expect(telemetryResponseSchema.safeParse({ v: 1, seq: m.seq, readings: rs }).success).toBe(true);
    expect(statusResponseSchema.safeParse(statusOf(m)).success).toBe(true);
  });
});

// The eval command on a tiny synthesised data set written to a temp folder (no ../shared).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run } from '../../bin/commands/eval';
import { synthReps, synthRest, synthWalk, SynthTrace } from '../../shared/motion/synth';

function csv(tr: SynthTrace): string {
  const lines = ['t_ms,ax,ay,az'];
  for (let i = 0; i < tr.t.length; i++) lines.push(`${tr.t[i]},${tr.x[i].toFixed(4)},${tr.y[i].toFixed(4)},${tr.z[i].toFixed(4)}`);
  return lines.join('\n') + '\n';
}

const label = (file: string, kind: string, activity: string, count: number, subject = 'S') => ({
  file, kind, activity, count, countIs: 'synthesised', subject, placement: 'wrist', device: 'synth', rateHz: 25,
});

function makeDataset(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bfr-eval-'));
  fs.writeFileSync(path.join(dir, 'set.csv'), csv(synthReps({ seed: 1, rateHz: 25, reps: 10, downS: 1.2, upS: 1.2, noise: 0.05, leadS: 2, tailS: 2, tiltDeg: 8 })));
  fs.writeFileSync(path.join(dir, 'rest.csv'), csv(synthRest({ seed: 2, rateHz: 25, durationS: 30, noise: 0.05 })));
  fs.writeFileSync(path.join(dir, 'walk.csv'), csv(synthWalk({ seed: 3, rateHz: 25, steps: 100, cadence: 110, noise: 0.1, leadS: 2, tailS: 2 })));
  const labels = { traces: [label('set.csv', 'reps', 'bench', 10), label('rest.csv', 'reps', 'rest', 0), label('walk.csv', 'steps', 'walk', 100)] };
  fs.writeFileSync(path.join(dir, 'labels.json'), JSON.stringify(labels, null, 1));
  return dir;
}

async function capture(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
  const error = jest.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
  try {
    const code = await run(args);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

describe('bfr-coach eval', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeDataset();
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints a table and one JSON line per kind', async () => {
    const r = await capture(['--data', dir]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/set\.csv\s+S\s+reps\s+bench\s+10\s+\d+\s+\d+/);
    const json = r.out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
    expect(json.map((j) => j.kind)).toEqual(['reps', 'steps']);
    expect(Object.keys(json[0])).toEqual(['kind', 'sets', 'mae', 'within1', 'exact', 'restFalse', 'live', 'repaired', 'dropped']);
    expect(Object.keys(json[0].live)).toEqual(['mae', 'within1', 'exact', 'restFalse']);
    expect(Object.keys(json[1])).toEqual(['kind', 'traces', 'mape', 'maxApe', 'repaired', 'dropped']);
    expect(json[0].sets).toBe(1);
    expect(json[0].within1).toBe(1);
    expect(json[1].traces).toBe(1);
    expect(json[1].mape).toBeLessThan(5);
  });

  it('--json prints only the JSON lines', async () => {
    const r = await capture(['--data', dir, '--json']);
    expect(r.out.split('\n').every((l) => l.startsWith('{'))).toBe(true);
  });

  it('fails and names each breached floor', async () => {
    const r = await capture(['--data', dir, '--json', '--max-mape', '0', '--min-within1', '1.01']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/floor breached: reps within1 .* < --min-within1 1.01/);
    expect(r.err).toMatch(/floor breached: steps mape .* > --max-mape 0/);
  });

  it('passes floors that hold', async () => {
    const r = await capture(['--data', dir, '--json', '--min-within1', '0.9', '--max-mae', '1', '--max-rest-false', '2', '--max-mape', '10']);
    expect(r.code).toBe(0);
  });

  it('names file and line of a bad CSV value', async () => {
    const p = path.join(dir, 'set.csv');
    const lines = fs.readFileSync(p, 'utf8').split('\n');
    lines[4] = '160,1.0,abc,9.8';
    fs.writeFileSync(p, lines.join('\n'));
    const r = await capture(['--data', dir]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${p}:5: ay "abc" is not a number`);
  });

  it('evaluates a trace whose times repeat or step back, and reports what the stream repair did', async () => {
    const p = path.join(dir, 'walk.csv');
    const lines = fs.readFileSync(p, 'utf8').split('\n');
    lines[3] = lines[2].split(',')[0] + lines[3].slice(lines[3].indexOf(',')); // repeated time
    const back = lines[40].split(',');
    lines[40] = [String(Number(back[0]) - 100), ...back.slice(1)].join(','); // a step back
    fs.writeFileSync(p, lines.join('\n'));
    const r = await capture(['--data', dir, '--json']);
    expect(r.code).toBe(0);
    const json = r.out.split('\n').map((l) => JSON.parse(l));
    const repair = json.find((j) => j.kind === 'repair');
    expect(repair).toEqual({ kind: 'repair', file: 'walk.csv', repaired: expect.any(Number), dropped: 0 });
    expect(repair.repaired).toBeGreaterThanOrEqual(2);
    expect(json.find((j) => j.kind === 'steps').repaired).toBe(repair.repaired);
    const table = await capture(['--data', dir]);
    expect(table.out).toMatch(/walk\.csv\s+S\s+steps\s+walk\s+100\s+\d+\s+[-+]?\d+\s+[2-9]\s+0/);
  });

  it('names file and line of a row that is not four numbers, and a wrong header', async () => {
    const p = path.join(dir, 'walk.csv');
    const lines = fs.readFileSync(p, 'utf8').split('\n');
    lines[3] = '120,1.0,9.8';
    fs.writeFileSync(p, lines.join('\n'));
    expect((await capture(['--data', dir])).err).toContain(`${p}:4: expected 4 fields, found 3`);
    lines[3] = 'x120,1.0,9.8,0';
    fs.writeFileSync(p, lines.join('\n'));
    expect((await capture(['--data', dir])).err).toContain(`${p}:4: t_ms "x120" is not a number`);
    fs.writeFileSync(p, 'time,ax,ay,az\n0,1,2,3\n');
    expect((await capture(['--data', dir])).err).toContain(`${p}:1: header is "time,ax,ay,az"`);
  });

  it('names a missing trace file', async () => {
    fs.rmSync(path.join(dir, 'rest.csv'));
    const r = await capture(['--data', dir]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${path.join(dir, 'rest.csv')}: cannot read (ENOENT)`);
  });

  it('names the line and field of a bad labels.json entry', async () => {
    const p = path.join(dir, 'labels.json');
    const labels = JSON.parse(fs.readFileSync(p, 'utf8'));
    labels.traces[1].count = -1;
    fs.writeFileSync(p, JSON.stringify(labels, null, 1));
    const r = await capture(['--data', dir]);
    expect(r.code).toBe(1);
    const line = JSON.stringify(labels, null, 1).split('\n').findIndex((l, i, all) => l.includes('{') && all.slice(0, i + 1).filter((x) => x.includes('{')).length === 3) + 1;
    expect(r.err).toContain(`${p}:${line}: traces[1].count:`);
  });

  it('names the line of invalid JSON', async () => {
    const p = path.join(dir, 'labels.json');
    fs.writeFileSync(p, '{\n "traces": [\n  {,}\n ]\n}\n');
    const r = await capture(['--data', dir]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${p}:3: not valid JSON`);
  });

  it('reports CSV files that labels.json does not list', async () => {
    fs.writeFileSync(path.join(dir, 'extra.csv'), 't_ms,ax,ay,az\n0,0,0,9.8\n');
    const r = await capture(['--data', dir, '--json']);
    expect(r.err).toContain('extra.csv is not listed in labels.json');
  });

  it('requires --data and rejects unknown flags', async () => {
    expect((await capture([])).code).toBe(2);
    expect((await capture(['--data', dir, '--bogus'])).code).toBe(2);
  });

  it('--folds participant: one line per fold with the constants tuned without that person, then the pooled line', async () => {
    fs.writeFileSync(path.join(dir, 'set2.csv'), csv(synthReps({ seed: 9, rateHz: 25, reps: 8, downS: 1.3, upS: 1.1, pauseS: 0.3, noise: 0.05, leadS: 2, tailS: 2, upFirst: true, tiltDeg: 8 })));
    const p = path.join(dir, 'labels.json');
    const labels = JSON.parse(fs.readFileSync(p, 'utf8'));
    labels.traces.push(label('set2.csv', 'reps', 'ohp', 8, 'T'));
    fs.writeFileSync(p, JSON.stringify(labels, null, 1));
    const r = await capture(['--data', dir, '--json', '--folds', 'participant', '--min-within1', '0.5']);
    expect(r.code).toBe(0);
    const json = r.out.split('\n').map((l) => JSON.parse(l));
    const reps = json.filter((j) => j.kind === 'reps');
    expect(reps.map((j) => j.fold)).toEqual(['S', 'T', undefined]);
    expect(reps[0].tuned).toEqual({ threshold: expect.any(Number), minShare: expect.any(Number), minVertical: expect.any(Number), confirm: expect.any(Number) });
    expect(reps[2]).toMatchObject({ kind: 'reps', folds: 'participant', sets: 2, restFalse: expect.any(Number) });
    expect(reps[0].sets + reps[1].sets).toBe(reps[2].sets);
    const steps = json.filter((j) => j.kind === 'steps');
    expect(steps.map((j) => j.fold)).toEqual(['S', undefined]);
    expect((await capture(['--data', dir, '--folds', 'subject'])).code).toBe(2);
  });

  it('--invariance counts every set again under rotation, resampling, stretch and gain', async () => {
    const r = await capture(['--data', dir, '--json', '--invariance', '--max-invariance-failures', '0']);
    expect(r.code).toBe(0);
    const inv = r.out.split('\n').map((l) => JSON.parse(l)).find((j) => j.kind === 'invariance');
    expect(inv).toEqual({ kind: 'invariance', checks: 10, failed: 0, maxLiveMove: expect.any(Number), maxRecordMove: expect.any(Number) });
  });
});

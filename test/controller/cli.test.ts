import { parseControllerFlags, run } from '../../bin/commands/controller';
import { commands, main } from '../../bin/cli';
import { describeIssues, inflateRequestSchema, parseTelemetryQuery } from '../../shared/protocol/controller';

describe('bfr-coach controller flags', () => {
  it('has defaults and reads every flag, in both spellings', () => {
    expect(parseControllerFlags([])).toEqual({ port: 8787, token: undefined, cuffs: ['arm', 'leg'], seed: 1, speed: 1, verbose: false });
    expect(parseControllerFlags(['--port', '0', '--token=abcd', '--cuffs', 'arm-left,arm-right,leg', '--seed', '7', '--speed=60', '--verbose'])).toEqual({
      port: 0,
      token: 'abcd',
      cuffs: ['arm-left', 'arm-right', 'leg'],
      seed: 7,
      speed: 60,
      verbose: true,
    });
  });

  it.each([
    [['--port', '70000'], /^--port: expected a whole number from 0 to 65535/],
    [['--port', 'x'], /^--port/],
    [['--port'], /^--port needs a value/],
    [['--cuffs', 'arm,knee'], /^--cuffs:/],
    [['--cuffs', 'arm,arm'], /^--cuffs:/],
    [['--speed', '0'], /^--speed:/],
    [['--token', 'a b'], /^--token:/],
    [['--colour', 'red'], /unknown flag --colour/],
    [['serve'], /unexpected argument "serve"/],
  ])('%j is refused naming the flag', (args, message) => {
    expect(() => parseControllerFlags(args as string[])).toThrow(message);
  });

  it('exits 2 on a bad flag', async () => {
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await expect(run(['--seed', '-1'])).resolves.toBe(2);
      expect(spy.mock.calls[0][0]).toMatch(/--seed/);
    } finally {
      spy.mockRestore();
    }
  });

  it('is registered in the command table', async () => {
    expect(commands.controller.usage).toMatch(/--cuffs/);
    expect(typeof (await commands.controller.load()).run).toBe('function');
  });
});

describe('bfr-coach <command> --help', () => {
  it("prints the command's own usage, every flag explained (eval: --folds, --invariance and the floors)", async () => {
    const out: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((...a: unknown[]) => { out.push(a.join(' ')); });
    try {
      expect(await main(['eval', '--help'])).toBe(0);
    } finally {
      log.mockRestore();
    }
    const text = out.join('\n');
    for (const flag of ['--folds participant', '--invariance', '--max-invariance-failures', '--min-live-within1']) expect(text).toContain(flag);
  });
});

describe('controller protocol helpers', () => {
  it('parses the telemetry query and names a bad field', () => {
    expect(parseTelemetryQuery({})).toEqual({ ok: true, value: { after: 0, waitMs: 0 } });
    expect(parseTelemetryQuery({ after: '12', waitMs: '3000' })).toEqual({ ok: true, value: { after: 12, waitMs: 3000 } });
    expect(parseTelemetryQuery({ after: '1.5' })).toEqual({ ok: false, message: 'after: bad format' });
    expect(parseTelemetryQuery({ waitMs: '30001' })).toEqual({ ok: false, message: 'waitMs: too big (max 30000)' });
  });

  it('describes issues field first', () => {
    const r = inflateRequestSchema.safeParse({ targetMmHg: 'high' });
    expect(r.success).toBe(false);
    expect(describeIssues(r.error!.issues)).toBe('targetMmHg: expected number');
    const r2 = inflateRequestSchema.safeParse({});
    expect(describeIssues(r2.error!.issues)).toBe('targetMmHg: expected number');
  });
});

import { answerHello, helloRequestSchema, PROTOCOL_VERSION } from '../../shared/protocol/hello';
import { formatClock } from '../../shared/format';

describe('hello', () => {
  it('is compatible only when both sides speak the same protocol version', () => {
    expect(answerHello({ protocol: PROTOCOL_VERSION, appVersion: '1' }, '2').compatible).toBe(true);
    expect(answerHello({ protocol: PROTOCOL_VERSION + 1, appVersion: '1' }, '2').compatible).toBe(false);
  });

  it('rejects a malformed hello and names the field', () => {
    const r = helloRequestSchema.safeParse({ protocol: 'one', appVersion: '1' });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].path).toEqual(['protocol']);
  });
});

describe('formatClock', () => {
  it.each([
    [0, '0:00'],
    [999, '0:00'],
    [61_000, '1:01'],
    [3_600_000 + 5_000, '1:00:05'],
    [-5_000, '0:00'],
  ])('%d ms -> %s', (ms, text) => {
    expect(formatClock(ms)).toBe(text);
  });
});

import { fitText, textWidthPx } from '../../sim/i18n/textFit';

describe('text fit estimate', () => {
  it('CJK counts full width, Latin narrower', () => {
    expect(textWidthPx('暂停', 20)).toBe(40);
    expect(textWidthPx('ii', 20)).toBeCloseTo(12);
    expect(textWidthPx('MM', 20)).toBeCloseTo(28);
  });
  it('a long German alarm overflows one line but fits when wrapped into enough height', () => {
    const text = 'Manschettensteuerung gestört: Manschetten von Hand lockern';
    expect(fitText({ text, fontSize: 32, w: 420, h: 40, wrap: false }).fits).toBe(false);
    expect(fitText({ text, fontSize: 32, w: 420, h: 40, wrap: true }).why).toMatch(/lines need/);
    expect(fitText({ text, fontSize: 32, w: 420, h: 160, wrap: true }).fits).toBe(true);
  });
  it('Chinese wraps between characters', () => {
    const r = fitText({ text: '袖带控制器错误：请手动松开袖带', fontSize: 32, w: 200, h: 200, wrap: true });
    expect(r.lines).toBe(3);
    expect(r.fits).toBe(true);
  });
});

describe('one word wider than its widget', () => {
  it('overflows even when the widget wraps (German compounds need a shorter word or a smaller font)', () => {
    const r = fitText({ text: 'Manschettensteuerung gestört', fontSize: 32, w: 360, h: 200, wrap: true });
    expect(r.fits).toBe(false);
    expect(r.why).toMatch(/wider than 360/);
  });
});

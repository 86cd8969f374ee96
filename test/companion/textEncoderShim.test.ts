import { Utf8TextEncoder } from '../../companion/exporters/textEncoderShim';

test('the fallback TextEncoder encodes UTF-8 like the platform one', () => {
  const ours = new Utf8TextEncoder();
  const platform = new TextEncoder();
  for (const s of ['', 'BFR Coach', 'cuff pressure left', 'Größe 5 °C', '日本語', 'emoji 💪 ok', 'lone \ud800 surrogate']) {
    expect(Array.from(ours.encode(s))).toEqual(Array.from(platform.encode(s)));
  }
  expect(ours.encoding).toBe('utf-8');
});

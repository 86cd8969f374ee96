// Where the phone may send a token: the controller address and token rules, and the redaction
// that keeps a token out of every message.
import { checkAddress, checkToken, isLocalAddress, PLAIN_HTTP_WARNING, redact } from '../../companion/addressRules';
import { controllerConfigSchema, PhoneConfig } from '../../companion/phoneConfig';
import { MemorySettingsStore } from '../../companion/settingsStore';

describe('controller address', () => {
  test.each([
    'https://controller.example', 'https://controller.example:8443/api', 'https://10.0.0.4', 'https://[2001:db8::1]:443',
  ])('HTTPS anywhere: %s', (url) => {
    expect(checkAddress(url)).toMatchObject({ ok: true, secure: true, warning: null });
  });

  test.each([
    'http://127.0.0.1:8787', 'http://localhost:8787', 'http://10.1.2.3', 'http://172.16.0.9:80', 'http://172.31.255.1',
    'http://192.168.1.20:8123/', 'http://169.254.10.10', 'http://[::1]:8787', 'http://[fd12:3456::1]', 'http://[fe80::1]:80',
  ])('plain HTTP to this network, with the warning: %s', (url) => {
    expect(checkAddress(url)).toEqual({ ok: true, url, origin: expect.any(String), secure: false, warning: PLAIN_HTTP_WARNING });
  });

  test.each([
    ['http://controller.example', /only to an address on your own network/],
    ['http://8.8.8.8', /only to an address on your own network/],
    ['http://172.32.0.1', /only to an address on your own network/],
    ['http://192.169.0.1', /only to an address on your own network/],
    ['http://[2001:db8::1]', /only to an address on your own network/],
    ['https://user:pw@controller.example', /user name or password/],
    ['http://admin@127.0.0.1', /user name or password/],
    ['ftp://127.0.0.1', /must start with https:\/\//],
    ['127.0.0.1:8787', /must start with https:\/\//],
    ['https://controller.example:99999', /port must be 1-65535/],
    ['https://contr oller.example', /spaces or control characters/],
    ['https://controller.example/\nx', /spaces or control characters/],
    ['https://a..b', /not a host name/],
    ['', /empty/],
  ])('refused: %j', (url, message) => {
    const r = checkAddress(url);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(message);
  });

  test('the stored settings follow the same rules', () => {
    expect(controllerConfigSchema.safeParse({ url: 'http://192.168.1.20:8787', token: 'abc' }).success).toBe(true);
    expect(controllerConfigSchema.safeParse({ url: 'http://cuffs.example', token: 'abc' }).success).toBe(false);
    expect(controllerConfigSchema.safeParse({ url: 'https://u:p@cuffs.example', token: 'abc' }).success).toBe(false);
    expect(controllerConfigSchema.safeParse({ url: 'https://cuffs.example', token: 'a\r\nb' }).success).toBe(false);
    const store = new MemorySettingsStore();
    store.setItem('controller', JSON.stringify({ url: 'http://cuffs.example', token: 'abc' }));
    const config = new PhoneConfig(store, () => 0);
    expect(config.controller()).toBeNull();
    expect(config.problems[0].error).toMatch(/url: must be https:\/\/, or http:\/\/ to an address on your own network/);
  });

  test('isLocalAddress', () => {
    expect(['127.8.9.1', '10.255.0.1', '[::1]', 'LOCALHOST'].every(isLocalAddress)).toBe(true);
    expect(['100.64.0.1', '11.0.0.1', '[::2]', 'localhost.example', '256.1.1.1'].some(isLocalAddress)).toBe(false);
  });
});

describe('token', () => {
  test('printable ASCII, no spaces or line breaks, at most 200', () => {
    expect(checkToken(' abc-DEF_123.~+/= ')).toEqual({ ok: true, token: 'abc-DEF_123.~+/=' });
    for (const bad of ['a b', 'a\r\nb', 'a\tb', 'tökén', '', 'x'.repeat(201)]) expect(checkToken(bad).ok).toBe(false);
  });

  test('redact blanks the token (and its escaped form), not the same letters inside other words', () => {
    expect(redact('Bearer s3cret failed', 's3cret')).toBe('Bearer <token> failed');
    expect(redact('"Bearer a\\r\\nb" is invalid', 'a\r\nb')).toBe('"Bearer <token>" is invalid');
    expect(redact('wrong token', 'tok')).toBe('wrong token');
    expect(redact('tok', 'tok')).toBe('<token>');
    expect(redact('nothing here', '')).toBe('nothing here');
  });
});

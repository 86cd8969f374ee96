// The Settings App runtime's own semantics, on small pages written here (plain CommonJS, as a
// bundle is): what the Zepp docs say AppSettingsPage, settingsStorage and each component do.
import { SettingsApp, SettingsAppError } from '../../sim/settings/runtime';
import { SettingsStorage } from '../../sim/zepp/sideRuntime';

async function page(code: string, storage = new SettingsStorage()) {
  const app = await SettingsApp.open({ storage, code });
  return { app, storage };
}

describe('Settings App runtime', () => {
  test('build runs at once with this = the option (state) and props.settingsStorage; redraws on every storage change', async () => {
    const { app, storage } = await page(`
      AppSettingsPage({
        state: { n: 0 },
        build(props) {
          this.state.n++;
          const name = props.settingsStorage.getItem('name') || 'nobody';
          return View({}, [Text({}, 'hello ' + name), Text({}, ['build ' + this.state.n])]);
        },
      });`);
    expect(app.texts()).toEqual(['hello nobody', 'build 1']);
    // A write from elsewhere (the side service) redraws, once per turn.
    storage.setItem('name', 'Ada');
    storage.setItem('other', 'x');
    await Promise.resolve();
    expect(app.texts()).toEqual(['hello Ada', 'build 2']);
    expect(app.renders).toBe(2);
    app.close();
  });

  test('changing this.state alone does not redraw; writing storage does', async () => {
    const { app, storage } = await page(`
      AppSettingsPage({
        state: { clicks: 0 },
        build(props) {
          return View({}, [
            Text({}, 'clicks ' + this.state.clicks),
            Button({ label: 'state only', onClick: () => { this.state.clicks++; } }),
            Button({ label: 'save', onClick: () => { this.state.clicks++; props.settingsStorage.setItem('c', String(this.state.clicks)); } }),
          ]);
        },
      });`);
    app.click('state only');
    expect(app.texts()[0]).toBe('clicks 0');
    app.click('save');
    expect(app.texts()[0]).toBe('clicks 2');
    expect(storage.getItem('c')).toBe('2');
    app.close();
  });

  test('each component reports its documented event value; settingsKey stores it', async () => {
    const { app, storage } = await page(`
      AppSettingsPage({
        build(props) {
          const s = props.settingsStorage;
          const log = (what) => (v) => s.setItem('log', (s.getItem('log') || '') + what + '=' + JSON.stringify(v) + ';');
          return Section({ title: 'All' }, [
            TextInput({ label: 'name', value: s.getItem('name') || '', onChange: (v) => { s.setItem('name', v); log('text')(v); } }),
            TextInput({ label: 'keyed', settingsKey: 'keyed' }),
            TextInput({ label: 'locked', disabled: true, onChange: log('locked') }),
            Toggle({ label: 'on', settingsKey: 'on', value: s.getItem('on') === 'true', onChange: log('toggle') }),
            Select({ label: 'one', options: [{ name: 'Apple', value: 'a' }, { name: 'Pear', value: 'p' }], onChange: log('select') }),
            Select({ label: 'many', multiple: true, options: [{ name: 'A', value: 'a' }, { name: 'B', value: 'b' }], onChange: log('multi') }),
            Slider({ label: 'level', min: 0, max: 10, step: 2, value: 4, onChange: log('slider') }),
            View({ onClick: log('view') }, Text({}, 'tap me')),
            Link({ source: 'https://example.com' }, Text({}, 'a link')),
          ]);
        },
      });`);
    app.type('name', 'Ada Lovelace');
    app.type('keyed', 'stored by key');
    expect(() => app.type('locked', 'x')).toThrow(SettingsAppError);
    app.toggle('on', true);
    app.select('one', 'Pear');
    app.select('many', ['a', 'b']);
    app.slide('level', 7.1);
    app.slide('level', 99);
    app.click(app.nodes().find((n) => n.type === 'View' && typeof n.props.onClick === 'function')!);
    expect(storage.getItem('keyed')).toBe('stored by key');
    expect(storage.getItem('on')).toBe('true');
    expect(storage.getItem('log')).toBe('text="Ada Lovelace";toggle=true;select="p";multi=["a","b"];slider=8;slider=10;view=undefined;');
    expect(app.texts()).toEqual(expect.arrayContaining(['All', 'name', 'Ada Lovelace', 'tap me', 'a link']));
    expect(() => app.select('one', 'Plum')).toThrow(/no option "Plum"/);
    expect(app.errors).toEqual([]);
    app.close();
  });

  test('a drawn tree has no functions and says what each node takes; act() operates it by id', async () => {
    const { app, storage } = await page(`
      AppSettingsPage({
        build(props) {
          return View({}, [
            TextInput({ label: 'name', value: props.settingsStorage.getItem('name') || '', onChange: (v) => props.settingsStorage.setItem('name', v) }),
            Button({ label: 'clear', onClick: () => props.settingsStorage.removeItem('name') }),
            Text({ bold: true }, 'plain'),
          ]);
        },
      });`);
    const drawn = app.drawn();
    expect(JSON.stringify(drawn)).not.toMatch(/function/);
    expect(drawn.children.map((c) => [c.id, c.type, c.accepts])).toEqual([['0.0', 'TextInput', ['change']], ['0.1', 'Button', ['click']], ['0.2', 'Text', []]]);
    app.act('0.0', { kind: 'change', value: 'Grace' });
    expect(storage.getItem('name')).toBe('Grace');
    expect(app.drawn().children[0].props.value).toBe('Grace');
    app.act('0.1', { kind: 'click' });
    expect(storage.getItem('name')).toBeNull();
    expect(() => app.act('0.7', { kind: 'click' })).toThrow(/no node/);
    expect(() => app.act('0.2', { kind: 'click' })).toThrow(/does not take clicks/);
    app.close();
  });

  test('a build that throws or returns nothing is recorded, not fatal; refresh() catches changes nobody announced', async () => {
    const { app, storage } = await page(`
      AppSettingsPage({
        build(props) {
          if (props.settingsStorage.getItem('boom')) throw new Error('boom');
          return Text({}, 'v' + (props.settingsStorage.getItem('v') || '0'));
        },
      });`);
    storage.setItem('boom', '1');
    await Promise.resolve();
    expect(String(app.errors[0])).toMatch(/boom/);
    expect(app.texts()).toEqual(['v0']); // the last good drawing stays
    storage.removeItem('boom');
    await Promise.resolve();
    expect(app.texts()).toEqual(['v0']);
    // A side service that stops removes every change listener (ZML's offChange does):
    storage.removeListener('change');
    storage.setItem('v', '7');
    await Promise.resolve();
    expect(app.texts()).toEqual(['v0']);
    expect(app.refresh()).toBe(true);
    expect(app.texts()).toEqual(['v7']);
    app.close();
    await expect(page('AppSettingsPage({})')).rejects.toThrow(/build\(props\)/);
  });
});

// Settings App page (phone UI): controller address and token, LOP per limb (measured on the
// watch or entered), cuff width, screening status, the session history with a pressure and
// reps chart per session, and exports. Storage is the side service's settings storage.
import { settingsStoreFrom, type SettingsStorageLike } from '../settingsStore';
import { settingsViewModel, parseLopInput } from '../settingsView';
import { CONFIG_KEYS } from '../phoneConfig';

interface Props { settingsStorage: SettingsStorageLike }

function saveController(props: Props, url: string, token: string): void {
  props.settingsStorage.setItem(CONFIG_KEYS.controller, JSON.stringify({ url: url.trim(), token: token.trim() }));
}

function lastExport(props: Props): string {
  try {
    const r = JSON.parse(String(props.settingsStorage.getItem('export:result') || '{}'));
    return r && r.ok ? String(r.text) : r && r.error ? 'Export failed: ' + r.error : '';
  } catch (e) {
    return '';
  }
}

AppSettingsPage({
  build(props: Props) {
    const store = settingsStoreFrom(props.settingsStorage);
    const vm = settingsViewModel(store, () => Date.now());
    const cuffsRaw = store.getItem(CONFIG_KEYS.cuffs);
    const setLop = (cuffId: string, text: string) => {
      const lop = parseLopInput(text);
      if (lop === null || !cuffsRaw) return;
      try {
        const cuffs = JSON.parse(cuffsRaw) as Array<{ cuffId: string; lopMmHg: number | null; lopMeasuredAtMs: number | null }>;
        for (const c of cuffs) if (c.cuffId === cuffId) { c.lopMmHg = lop; c.lopMeasuredAtMs = Date.now(); }
        props.settingsStorage.setItem(CONFIG_KEYS.cuffs, JSON.stringify(cuffs));
      } catch (e) {
        // A corrupt cuff list is reported by the view model's problems; nothing is overwritten.
      }
    };
    return View({ style: { padding: '12px' } }, [
      Section({ title: 'Cuff controller' }, [
        TextInput({ label: 'Address (https://…)', value: vm.controllerUrl, onChange: (v: string) => saveController(props, v, vm.controllerToken) }),
        TextInput({ label: 'Token', value: vm.controllerToken, onChange: (v: string) => saveController(props, vm.controllerUrl, v) }),
      ]),
      Section({ title: 'Cuffs' }, vm.cuffs.map((c) =>
        TextInput({
          label: c.cuffId + ' (' + c.limb + ', ' + c.widthCm + ' cm): LOP ' + c.lop,
          placeholder: 'enter LOP in mmHg (30-400)',
          onChange: (v: string) => setLop(c.cuffId, v),
        }),
      )),
      Section({ title: 'Health questions' }, [
        Text({}, 'Status: ' + vm.screening + (vm.screening === 'not answered' ? ' (answer them on the watch)' : '')),
      ]),
      Section({ title: 'Sessions' }, vm.sessions.length === 0
        ? [Text({}, 'No sessions yet')]
        : vm.sessions.map((s) => View({}, [
            Text({ bold: true }, s.title + (s.synced ? ' ✓' : '')),
            Text({}, s.detail),
            Text({}, 'pressure ' + s.pressureChart),
            Text({}, 'reps ' + s.repsChart),
            Button({ label: 'Export CSV', onClick: () => props.settingsStorage.setItem('export:request', JSON.stringify({ id: s.id, format: 'csv', at: Date.now() })) }),
          ]))),
      Section({ title: 'Last export' }, [
        TextInput({ label: 'Copy this text', value: lastExport(props), multiline: true }),
      ]),
      vm.problems.length ? Section({ title: 'Problems' }, vm.problems.map((p) => Text({}, p))) : View({}, []),
    ]);
  },
});

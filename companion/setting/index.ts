// Settings App page (phone UI, in the Zepp app): the cuff controller (address and token), the
// optional upload endpoint, each cuff's LOP (measured on the watch, or typed) and width, the
// health-question status, and the session history with a pressure and reps chart and exports.
//
// The Settings App re-runs build() whenever settings storage changes (its only way to redraw),
// so every edit goes through storage: the rules for what an edit stores, what it keeps as a
// draft and what message it shows are in ../settingsView (editPair, editLop), tested in Node;
// this page only lays them out. A message about a field is the line right under that field.
// Exports: the page writes an export request; the side service answers with the text in
// export:result, shown in a box to copy. CSV and JSON are offered; FIT is not (FIT_NOT_OFFERED
// says why). The page never throws: a failure is shown as a line of text instead.
import { settingsStoreFrom, type SettingsStorageLike } from '../settingsStore';
import {
  EXPORT_FORMAT_KEY, EXPORT_FORMATS, FIT_NOT_OFFERED, clearPair, editAge, editCeilingAllPrograms, editCuffWidth, editLop, editPair,
  SAVED_UNUSED, settingsViewModel, type PairName, type PairView, type SessionLine,
} from '../settingsView';
import { safeParse } from '../safeJson';
import { LANGUAGES, LANGUAGE_NAMES, LANG_KEY, languageOf, tr, trMsg, type Language } from './i18n';

declare function Select(props: Record<string, unknown>): unknown;
declare function Slider(props: Record<string, unknown>): unknown;
declare function Toggle(props: Record<string, unknown>): unknown;

interface Props { settingsStorage: SettingsStorageLike }

/** The page's language for this build (set at the top of page()). */
let lang: Language = 'en-US';
const t = (english: string, ...values: string[]) => tr(lang, english, ...values);

const UNREADABLE = 'Unreadable stored data: %s (details in English)';
const EXPORT_REQUEST_KEY = 'export:request';
const EXPORT_RESULT_KEY = 'export:result';
const ERROR_STYLE = { color: '#c62828', fontSize: '13px' };
const WARNING_STYLE = { color: '#8d5b00', fontSize: '13px' };
const HINT_STYLE = { color: '#555555', fontSize: '13px' };

function lastExport(props: Props): { text: string; error: string | null } {
  const raw = props.settingsStorage.getItem(EXPORT_RESULT_KEY);
  if (typeof raw !== 'string' || !raw) return { text: '', error: null };
  const parsed = safeParse(raw, 4 * 1024 * 1024);
  if (!parsed.ok || !parsed.value || typeof parsed.value !== 'object') return { text: '', error: t('the last export could not be read') };
  const r = parsed.value as { ok?: unknown; text?: unknown; error?: unknown };
  if (r.ok && typeof r.text === 'string') return { text: r.text, error: null };
  // The side service says 'no such session' (companion/index.ts), translated here.
  return { text: '', error: t(typeof r.error === 'string' ? r.error : 'export failed') };
}

/** Address and token fields of a pair, each followed by its message. */
function pairSection(props: Props, pair: PairName, view: PairView, title: string, description: string, status: string | null): unknown {
  const store = settingsStoreFrom(props.settingsStorage);
  const children: unknown[] = [
    TextInput({
      label: t('Address'),
      placeholder: pair === 'controller' ? 'http://192.168.1.20:8787' : 'https://example.com/bfr-sessions',
      value: view.url,
      onChange: (v: string) => editPair(store, pair, 'url', v),
    }),
  ];
  if (view.urlMsg) children.push(Text({ style: ERROR_STYLE }, trMsg(lang, view.urlMsg) + (view.savedUnused ? t(SAVED_UNUSED) : '')));
  else if (view.urlWarning) children.push(Text({ style: WARNING_STYLE }, t(view.urlWarning)));
  children.push(TextInput({
    label: t('Token'),
    placeholder: view.tokenSaved ? t('saved (type a new one to replace it)') : t(pair === 'controller' ? 'the token your controller gave you' : 'the token your endpoint gave you'),
    value: '',
    onChange: (v: string) => editPair(store, pair, 'token', v),
  }));
  if (view.tokenMsg) children.push(Text({ style: ERROR_STYLE }, trMsg(lang, view.tokenMsg)));
  if (view.hint) children.push(Text({ style: HINT_STYLE }, t(view.hint)));
  if (status !== null) children.push(Text({}, t('Status: %s', view.configured ? statusText(status) : t('not configured'))));
  if (view.configured || view.url) children.push(Button({ label: t(pair === 'controller' ? 'Remove controller' : 'Remove endpoint'), onClick: () => clearPair(store, pair) }));
  return Section({ title, description }, children);
}

/**
 * A controller status: its state word translated; the detail after it is the side service's
 * English (a network error), so it is shown in English only.
 */
function statusText(status: string): string {
  const m = /^([A-Za-z ]+)( \(.*\))?$/.exec(status);
  return m ? t(m[1] === 'notConfigured' ? 'not configured' : m[1]) + (m[2] && lang === 'en-US' ? m[2] : '') : status;
}

/** A session's two lines, from its numbers. */
function sessionText(s: SessionLine): [string, string] {
  const detail = [t('Sets: %s', String(s.counts.length)), s.counts.join('/')];
  if (s.bandPct !== null) detail.push(t('%s% in band', String(s.bandPct)));
  if (s.alarms) detail.push(t('Alarms: %s', String(s.alarms)));
  return [s.date + ' ' + t(s.programName) + (s.synced ? ' ✓' : ''), detail.join(' · ')];
}

function page(props: Props): unknown {
  lang = languageOf(props.settingsStorage.getItem(LANG_KEY));
  const store = settingsStoreFrom(props.settingsStorage);
  const vm = settingsViewModel(store, () => Date.now());
  const result = lastExport(props);
  return View({ style: { padding: '12px' } }, [
    Select({
      label: t('Language'),
      options: LANGUAGES.map((l) => ({ name: LANGUAGE_NAMES[l], value: l })),
      value: lang,
      onChange: (v: unknown) => props.settingsStorage.setItem(LANG_KEY, languageOf(v)),
    }),
    pairSection(props, 'controller', vm.controller, t('Cuff controller'), t('Where the cuff controller is, and its token. The watch reaches the cuffs only through it.'), vm.controllerStatus),
    Section({ title: t('Cuffs') }, vm.cuffs.length === 0
      ? [Text({}, t('No cuffs set up'))]
      : vm.cuffs.map((c) => {
        const rows: unknown[] = [
          TextInput({
            label: t('%s (%s): LOP %s', t(c.cuffId), t(c.limb), t(c.lop)),
            placeholder: t('type a LOP in mmHg (30-400), or measure it on the watch'),
            value: c.lopText === null ? '' : c.lopText,
            onChange: (v: string) => editLop(store, c.cuffId, v, () => Date.now()),
          }),
        ];
        if (c.lopError) rows.push(Text({ style: ERROR_STYLE }, t(c.lopError)));
        rows.push(Slider({
          label: t('%s cuff width: %s cm', t(c.cuffId), String(c.widthCm)),
          min: 3, max: 30, step: 1, value: c.widthCm,
          onChange: (v: number) => editCuffWidth(store, c.cuffId, v, () => Date.now()),
        }));
        return View({}, rows);
      })),
    Section({ title: t('Health questions') }, [
      Text({}, t('Status: %s', t(vm.screening) + (vm.screening === 'not answered' ? t(' (answer them on the watch)') : ''))),
    ]),
    Section({ title: t('Heart rate'), description: t('Over the ceiling for 15 s the cuffs deflate until 10 bpm below it. The guided routine always checks.') }, [
      TextInput({
        label: vm.heartRate.ageYears === null ? t('Your age: not given') : t('Your age: %s', String(vm.heartRate.ageYears)),
        placeholder: t('years, 18-100 (asked once; sets the ceiling)'),
        value: vm.heartRate.ageText === null ? '' : vm.heartRate.ageText,
        onChange: (v: string) => editAge(store, v, () => Date.now()),
      }),
      vm.heartRate.ageError ? Text({ style: ERROR_STYLE }, t(vm.heartRate.ageError)) : View({}, []),
      Text({}, t('Ceiling: %s bpm (%s), 85 % of 208 - 0.7 x age (Tanaka 2001)', String(vm.heartRate.ceilingBpm), vm.heartRate.ageYears === null
        ? t('age not given: assumes %s', String(vm.heartRate.defaultAge))
        : t('age %s', String(vm.heartRate.ageYears)))),
      Toggle({
        label: t('Heart-rate ceiling in every program'),
        value: vm.heartRate.ceilingAllPrograms,
        onChange: (v: boolean) => editCeilingAllPrograms(store, v === true, () => Date.now()),
      }),
    ]),
    Section({ title: t('Sessions') }, [
      Select({
        label: t('Export format'),
        options: EXPORT_FORMATS.map((f) => ({ name: t(f.name), value: f.value })),
        value: vm.exportFormat,
        onChange: (v: unknown) => props.settingsStorage.setItem(EXPORT_FORMAT_KEY, v === 'json' ? 'json' : 'csv'),
      }),
      Text({ style: HINT_STYLE }, t(FIT_NOT_OFFERED)),
    ].concat(vm.sessions.length === 0
      ? [Text({}, t('No sessions yet'))]
      : vm.sessions.map((s) => View({}, [
        Text({ bold: true }, sessionText(s)[0]),
        Text({}, sessionText(s)[1]),
        Text({}, t('pressure %s', s.pressureChart)),
        Text({}, t('reps %s', s.repsChart)),
        Button({
          label: t('Export %s', vm.exportFormat.toUpperCase()),
          onClick: () => props.settingsStorage.setItem(EXPORT_REQUEST_KEY, JSON.stringify({ id: s.id, format: vm.exportFormat, at: Date.now() })),
        }),
      ])))),
    Section({ title: t('Last export') }, [
      result.error ? Text({ style: ERROR_STYLE }, t('Export failed: %s', result.error)) : TextInput({ label: t('Copy this text'), value: result.text, multiline: true, rows: 8 }),
    ]),
    pairSection(props, 'upload', vm.upload, t('Upload (optional)'), t('Finished sessions go as JSON to this https:// address (POST, Bearer token).'), null),
    // The problems are the store's English diagnostics: in another language only how many.
    vm.problems.length ? Section({ title: t('Problems') }, lang === 'en-US'
      ? vm.problems.map((p) => Text({ style: ERROR_STYLE }, p))
      : [Text({ style: ERROR_STYLE }, t(UNREADABLE, String(vm.problems.length)))]) : View({}, []),
  ]);
}

AppSettingsPage({
  state: {},
  build(props: Props) {
    try {
      return page(props);
    } catch (e) {
      return View({ style: { padding: '12px' } }, [Text({ style: ERROR_STYLE }, t('This page could not be drawn: %s', (e instanceof Error ? e.message : String(e)).slice(0, 200)))]);
    }
  },
});

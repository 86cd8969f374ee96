// The Fitbit settings page's words in the phone's language. Fitbit documents gettext with
// settings/i18n/<lang>.po for this (the SDK compiles them and picks the language from
// `user-settings` locale.language); our build (scripts/buildFitbit.js) stages no settings
// translations and keeps `i18n` out of the settings bundle, so the page uses the same kind of
// English-keyed table as the Zepp page (companion/setting/i18n.ts), with the language taken
// from the same place the SDK's gettext takes it (in ./index.tsx; this module stays pure).
import { SCREENING_QUESTIONS } from '../../shared/protocol/screening';

import { fromTable, languageColumn, LANGUAGES, type Language, type TextTable } from '../../shared/languages';
export { LANGUAGES, type Language };

// Keys are the English text (en-US); columns: de-DE, es-ES, zh-CN.
const T: TextTable = {
  'Cuff controller': ['Manschetten-Steuergerät', 'Controlador de manguitos', '袖带控制器'],
  'Address on your network (http://host:port or https://...) and its access token.': [
    'Adresse in Ihrem Netz (http://host:port oder https://...) und sein Zugangs-Token.',
    'Dirección en su red (http://host:port o https://...) y su token de acceso.',
    '本地网络中的地址（http://host:port 或 https://...）及其访问令牌。'],
  'Controller address': ['Adresse des Steuergeräts', 'Dirección del controlador', '控制器地址'],
  'Access token': ['Zugangs-Token', 'Token de acceso', '访问令牌'],
  'Cuffs': ['Manschetten', 'Manguitos', '袖带'],
  'Limb occlusion pressure (LOP) in mmHg, as measured. No cuff inflates without it.': [
    'Verschlussdruck (LOP) in mmHg, wie gemessen. Ohne ihn pumpt keine Manschette.',
    'Presión de oclusión (LOP) en mmHg, tal como se midió. Sin ella ningún manguito se infla.',
    '肢体阻断压（LOP），单位 mmHg，按实测填写。没有它袖带不会充气。'],
  'Cuffs are on the': ['Manschetten sitzen an den', 'Manguitos en', '袖带位置'],
  'Legs': ['Beinen', 'Piernas', '腿'],
  'Arms': ['Armen', 'Brazos', '手臂'],
  'Cuff width (cm)': ['Manschettenbreite (cm)', 'Ancho del manguito (cm)', '袖带宽度（cm）'],
  'LOP %s (mmHg)': ['LOP %s (mmHg)', 'LOP %s (mmHg)', 'LOP %s（mmHg）'],
  'left': ['links', 'izquierda', '左'],
  'right': ['rechts', 'derecha', '右'],
  'Before training with cuffs': ['Vor dem Training mit Manschetten', 'Antes de entrenar con manguitos', '使用袖带训练前'],
  'Turn on every statement that applies to you. Any one of them means no cuff sessions.': [
    'Schalten Sie alles ein, was auf Sie zutrifft. Schon eines davon heißt: kein Training mit Manschetten.',
    'Active cada punto que le corresponda. Con uno solo, no hay sesiones con manguitos.',
    '打开所有符合您情况的选项。只要有一项符合，就不能使用袖带训练。'],
  'I have answered every question': ['Ich habe alle Fragen beantwortet', 'He respondido todas las preguntas', '我已回答所有问题'],
  'Answers saved and sent to the watch.': ['Antworten gespeichert und an die Uhr gesendet.', 'Respuestas guardadas y enviadas al reloj.', '答案已保存并发送到手表。'],
  'Cuff sessions stay locked until you confirm.': ['Training mit Manschetten bleibt gesperrt, bis Sie bestätigen.', 'Las sesiones con manguitos siguen bloqueadas hasta que confirme.', '确认前无法使用袖带训练。'],
};

// The health questions, by id, as the watch catalogs say them (watch/i18n/<lang>.po screen.<id>).
const SCREENING: TextTable = {
  pregnancy: ['Sind Sie schwanger?', '¿Está embarazada?', '您怀孕了吗？'],
  clotting: ['Thrombose oder Gerinnungsstörung?', '¿Trombosis o trastorno de coagulación?', '有血栓或凝血障碍吗？'],
  dialysisPort: ['Dialyse-Shunt an Arm oder Bein?', '¿Acceso de diálisis en brazo o pierna?', '手臂或腿上有透析通路吗？'],
  woundOrFracture: ['Offene Wunde oder Bruch an der Gliedmaße?', '¿Herida abierta o fractura en el miembro?', '该肢体有开放伤口或骨折吗？'],
  limbInfection: ['Eine Infektion an der Gliedmaße?', '¿Infección en el miembro?', '该肢体有感染吗？'],
  sickleCell: ['Sichelzellkrankheit oder -anlage?', '¿Anemia falciforme o rasgo?', '有镰状细胞病或携带者吗？'],
  severeHypertension: ['Blutdruck 180/100 oder höher?', '¿Presión 180/100 o más?', '血压 180/100 或更高吗？'],
  recentSurgery: ['Operation in den letzten Monaten?', '¿Cirugía en los últimos meses?', '近几个月做过手术吗？'],
};

/** The phone's language if we have it, else one of the same language (de-AT -> de-DE), else English (as the SDK's gettext). */
export function languageOf(tag: unknown): Language {
  const s = typeof tag === 'string' ? tag : '';
  for (const l of LANGUAGES) if (l.toLowerCase() === s.toLowerCase()) return l;
  for (const l of LANGUAGES) if (l.slice(0, 2) === s.slice(0, 2).toLowerCase()) return l;
  return 'en-US';
}

/** The text in this language, `%s` filled in order (each value looked up too); unknown text stays as it is. */
export function tr(lang: Language, english: string, ...values: string[]): string {
  let out = fromTable(T, lang, english);
  for (const v of values) out = out.replace('%s', tr(lang, v));
  return out;
}

/** A health question in this language (the English from shared/protocol/screening). */
export function question(lang: Language, id: string): string {
  const row = SCREENING[id];
  const c = languageColumn(lang);
  if (row && c >= 0) return row[c];
  const q = SCREENING_QUESTIONS.find((x) => x.id === id);
  return q ? q.text : id;
}

/** For the tests: every text of the table in one language. */
export function allTexts(lang: Language): string[] {
  const rows = Object.keys(T).map((k) => [k].concat(T[k])).concat(Object.keys(SCREENING).map((k) => [question('en-US', k)].concat(SCREENING[k])));
  return rows.map((r) => r[LANGUAGES.indexOf(lang)]);
}

// The settings page's words in the trainee's language. The Settings App API gives the page no
// language of its own, so the page offers a choice (stored as `ui:lang`, English until chosen)
// and takes its texts from this table. What the page shows as given by the rules in
// ../settingsView and ../addressRules (status words, export format names, hints) is looked up
// by its English text; a message with details (a bad address and why) comes as an English
// template and its values (addressRules `Msg`), each value looked up here too.
import { fromTable, LANGUAGES, type Language, type TextTable } from '../../shared/languages';
export { LANGUAGES, type Language };
export const LANG_KEY = 'ui:lang';
export const LANGUAGE_NAMES: Record<Language, string> = { 'en-US': 'English', 'de-DE': 'Deutsch', 'es-ES': 'Español', 'zh-CN': '中文' };

import { ADDRESS_TEXT as A, PLAIN_HTTP_WARNING } from '../addressRules';
import { EXPORT_FORMATS, FIT_NOT_OFFERED, HINT_ADDRESS, HINT_TOKEN, LOP_RANGE, SAVED_UNUSED, TOKEN_STALE, UPLOAD_HTTPS } from '../settingsView';

// Keys are the English text (en-US); columns: de-DE, es-ES, zh-CN. Short: the table is in the
// settings bundle, which counts toward the .zpk budget.
const T: TextTable = {
  'Language': ['Sprache', 'Idioma', '语言'],
  'Address': ['Adresse', 'Dirección', '地址'],
  'Token': ['Token', 'Token', '令牌'],
  'saved (type a new one to replace it)': ['gespeichert (neuen eingeben zum Ersetzen)', 'guardado (escriba otro para cambiarlo)', '已保存（输入新的以替换）'],
  'the token your controller gave you': ['der Token Ihres Steuergeräts', 'el token de su controlador', '控制器提供的令牌'],
  'the token your endpoint gave you': ['der Token Ihres Upload-Ziels', 'el token de su destino de subida', '上传地址提供的令牌'],
  'Status: %s': ['Status: %s', 'Estado: %s', '状态：%s'],
  'not configured': ['nicht eingerichtet', 'sin configurar', '未设置'],
  'not connected yet': ['noch nicht verbunden', 'aún sin conexión', '尚未连接'],
  'connected': ['verbunden', 'conectado', '已连接'],
  'unknown': ['unbekannt', 'desconocido', '未知'],
  'Remove controller': ['Steuergerät entfernen', 'Quitar controlador', '移除控制器'],
  'Remove endpoint': ['Upload-Ziel entfernen', 'Quitar destino', '移除上传地址'],
  'Cuff controller': ['Manschetten-Steuergerät', 'Controlador de manguitos', '袖带控制器'],
  'Where the cuff controller is, and its token. The watch reaches the cuffs only through it.': ['Adresse und Token des Steuergeräts: nur darüber erreicht die Uhr die Manschetten.', 'Dirección y token del controlador: el reloj solo llega a los manguitos por él.', '袖带控制器的地址和令牌：手表只能通过它控制袖带。'],
  'Cuffs': ['Manschetten', 'Manguitos', '袖带'],
  'No cuffs set up': ['Keine Manschetten eingerichtet', 'No hay manguitos configurados', '未设置袖带'],
  'leg': ['Bein', 'pierna', '腿'],
  'arm': ['Arm', 'brazo', '手臂'],
  'not measured': ['nicht gemessen', 'sin medir', '未测量'],
  '%s (%s): LOP %s': ['%s (%s): LOP %s', '%s (%s): LOP %s', '%s（%s）：LOP %s'],
  'type a LOP in mmHg (30-400), or measure it on the watch': ['LOP in mmHg eingeben (30-400) oder auf der Uhr messen', 'escriba el LOP en mmHg (30-400) o mídalo en el reloj', '输入 LOP（mmHg，30-400），或在手表上测量'],
  [LOP_RANGE]: ['LOP muss eine ganze Zahl von 30 bis 400 mmHg sein', 'El LOP debe ser un número entero de 30 a 400 mmHg', 'LOP 必须是 30 到 400 之间的整数 mmHg'],
  '%s cuff width: %s cm': ['%s Manschettenbreite: %s cm', '%s ancho del manguito: %s cm', '%s 袖带宽度：%s 厘米'],
  'Health questions': ['Gesundheitsfragen', 'Preguntas de salud', '健康问题'],
  'not answered': ['nicht beantwortet', 'sin responder', '未回答'],
  'clear': ['unbedenklich', 'sin riesgo', '无禁忌'],
  'cuffs refused': ['Manschetten gesperrt', 'manguitos no permitidos', '不可使用袖带'],
  ' (answer them on the watch)': [' (auf der Uhr beantworten)', ' (respóndalas en el reloj)', '（请在手表上回答）'],
  'Heart rate': ['Herzfrequenz', 'Frecuencia cardiaca', '心率'],
  'Over the ceiling for 15 s the cuffs deflate until 10 bpm below it. The guided routine always checks.': [
    'Über der Grenze für 15 s: Manschetten lassen nach, bis 10 bpm darunter. Das geführte Programm prüft immer.',
    'Sobre el límite 15 s: los manguitos se desinflan hasta 10 lpm por debajo. La rutina guiada siempre lo vigila.',
    '超过上限 15 秒：袖带放气，直到低于上限 10 次/分。引导训练始终监测。'],
  'Your age: not given': ['Ihr Alter: nicht angegeben', 'Su edad: sin indicar', '您的年龄：未填写'],
  'Your age: %s': ['Ihr Alter: %s', 'Su edad: %s', '您的年龄：%s'],
  'years, 18-100 (asked once; sets the ceiling)': ['Jahre, 18-100 (einmal gefragt; setzt die Grenze)', 'años, 18-100 (se pregunta una vez; fija el límite)', '岁，18-100（只问一次；用于设定上限）'],
  'Age must be a whole number of years from 18 to 100': ['Das Alter muss eine ganze Zahl von 18 bis 100 Jahren sein', 'La edad debe ser un número entero de 18 a 100 años', '年龄必须是 18 到 100 之间的整数'],
  'Ceiling: %s bpm (%s), 85 % of 208 - 0.7 x age (Tanaka 2001)': [
    'Grenze: %s bpm (%s), 85 % von 208 - 0,7 x Alter (Tanaka 2001)',
    'Límite: %s lpm (%s), 85 % de 208 - 0,7 x edad (Tanaka 2001)',
    '上限：%s 次/分（%s），208 - 0.7 x 年龄的 85 %（Tanaka 2001）'],
  'age %s': ['Alter %s', 'edad %s', '年龄 %s'],
  'age not given: assumes %s': ['Alter fehlt: angenommen %s', 'sin edad: se supone %s', '未填年龄：按 %s 岁计'],
  'Heart-rate ceiling in every program': ['Pulsgrenze in jedem Programm', 'Límite de pulso en todos los programas', '所有训练都监测心率上限'],
  'Sessions': ['Einheiten', 'Sesiones', '训练记录'],
  'Export format': ['Exportformat', 'Formato de exportación', '导出格式'],
  [EXPORT_FORMATS[0].name]: ['CSV: eine Zeile pro Satz, für Tabellen', 'CSV: una fila por serie, para hojas de cálculo', 'CSV：每组一行，适合表格'],
  [EXPORT_FORMATS[1].name]: ['JSON: der ganze Einheiten-Datensatz', 'JSON: el registro completo de la sesión', 'JSON：完整训练记录'],
  [FIT_NOT_OFFERED]: [
    'FIT (Garmin Connect, Strava) nicht hier: diese Seite speichert keine Dateien. Das Upload-Ziel unten erhält jede Einheit als JSON (daraus FIT).',
    'FIT (Garmin Connect, Strava) no está aquí: esta página no guarda archivos. El destino de subida recibe cada sesión en JSON (de ahí, FIT).',
    '此处不提供 FIT（Garmin Connect、Strava）：本页无法保存文件。上传地址会收到 JSON，可生成 FIT。'],
  'No sessions yet': ['Noch keine Einheiten', 'Aún no hay sesiones', '暂无训练'],
  'pressure %s': ['Druck %s', 'presión %s', '压力 %s'],
  'reps %s': ['Wdh. %s', 'rep. %s', '次数 %s'],
  'Export %s': ['%s exportieren', 'Exportar %s', '导出 %s'],
  'Last export': ['Letzter Export', 'Última exportación', '上次导出'],
  'Export failed: %s': ['Export fehlgeschlagen: %s', 'Exportación fallida: %s', '导出失败：%s'],
  'Copy this text': ['Diesen Text kopieren', 'Copie este texto', '复制此文本'],
  'Upload (optional)': ['Upload (optional)', 'Subida (opcional)', '上传（可选）'],
  'Finished sessions go as JSON to this https:// address (POST, Bearer token).': ['Fertige Einheiten gehen als JSON an diese https://-Adresse (POST, Bearer-Token).', 'Las sesiones terminadas van en JSON a esta dirección https:// (POST, token Bearer).', '完成的训练以 JSON 发送到此 https:// 地址（POST，Bearer 令牌）。'],
  'Unreadable stored data: %s (details in English)': ['Unlesbare Daten: %s (Details auf Englisch)', 'Datos ilegibles: %s (detalles en inglés)', '%s 项数据无法读取（详情见英文）'],
  'Problems': ['Probleme', 'Problemas', '问题'],
  'This page could not be drawn: %s': ['Diese Seite konnte nicht angezeigt werden: %s', 'No se pudo mostrar esta página: %s', '无法显示此页面：%s'],
  [HINT_TOKEN]: ['Adresse gespeichert. Jetzt den Token eingeben.', 'Dirección guardada. Ahora escriba el token.', '地址已保存。请输入令牌以连接。'],
  [HINT_ADDRESS]: ['Token gespeichert. Jetzt die Adresse eingeben.', 'Token guardado. Ahora escriba la dirección.', '令牌已保存。请输入地址以连接。'],
  // Address and token messages (companion/addressRules.ts, settingsView.ts): %s is the field, then a host.
  [A.empty]: ['%s ist leer', '%s está vacío', '%s为空'],
  [A.long]: ['%s ist länger als 200 Zeichen', '%s tiene más de 200 caracteres', '%s超过 200 个字符'],
  [A.spaces]: ['%s enthält Leer- oder Steuerzeichen', '%s tiene espacios o caracteres de control', '%s含空格或控制字符'],
  [A.scheme]: ['%s: https:// (http:// im eigenen Netz)', '%s: https:// (http:// en su red)', '%s：须用 https://（本地网络可用 http://）'],
  [A.userinfo]: ['%s ohne Benutzer und Passwort; Token ins Token-Feld', '%s sin usuario ni contraseña; el token va en su campo', '%s不能含用户名或密码；令牌填在令牌栏'],
  [A.host]: ['%s: „%s“ ist kein Hostname', '%s: «%s» no es un nombre de host', '%s：“%s”不是主机名'],
  [A.port]: ['%s: Port muss 1-65535 sein', '%s: el puerto debe ser 1-65535', '%s：端口必须为 1-65535'],
  [A.http]: ['%s: http:// nur im eigenen Netz, sonst https://', '%s: http:// solo en su red; si no, https://', '%s：http:// 仅限本地网络，否则用 https://'],
  [A.token]: ['%s: nur druckbare Zeichen, ohne Leerzeichen', '%s: solo caracteres imprimibles, sin espacios', '%s：只能用可打印字符，不能有空格'],
  [UPLOAD_HTTPS]: ['%s: https:// (http nur zu 127.0.0.1, localhost)', '%s: https:// (http solo a 127.0.0.1, localhost)', '%s：须用 https://（http 仅限 127.0.0.1、localhost）'],
  [SAVED_UNUSED]: [' (gespeicherte Adresse ungenutzt)', ' (dirección guardada sin usar)', '（已保存的地址未使用）'],
  [TOKEN_STALE]: ['Gespeicherter Token ungültig; neu eingeben', 'Token guardado no válido; escríbalo de nuevo', '已保存的令牌无效，请重新输入'],
  [PLAIN_HTTP_WARNING]: ['HTTP: Token und Befehle gehen unverschlüsselt durchs Netz. Besser https://.', 'HTTP: token y órdenes van sin cifrar por su red. Mejor https://.', 'HTTP：令牌和指令未加密传输。最好用 https://。'],
  // Controller link states (companion/controllerClient.ts, companion/index.ts).
  'connecting': ['verbindet', 'conectando', '连接中'],
  'stale': ['keine Daten', 'sin datos', '无数据'],
  'unreachable': ['nicht erreichbar', 'inaccesible', '无法连接'],
  'unauthorised': ['Token abgelehnt', 'token rechazado', '令牌被拒绝'],
  // Program names as records carry them (shared/programs/catalog.ts), as the watch says them.
  'Walk intervals': ['Gehen Intervalle', 'Caminar intervalos', '步行间歇'],
  'Walk continuous': ['Gehen 20 Min', 'Caminar 20 min', '步行 20 分钟'],
  'Cycle intervals': ['Rad Intervalle', 'Bici intervalos', '骑行间歇'],
  'Cycle continuous': ['Rad 15 Min', 'Bici 15 min', '骑行 15 分钟'],
  'Resistance 30-15-15-15': ['Sätze 30-15-15-15', 'Series 30-15-15-15', '力量 30-15-15-15'],
  'Guided routine': ['Geführte Übungen', 'Rutina guiada', '引导练习'],
  'Quick wraps': ['Schnell mit Bändern', 'Rápida con bandas', '弹力带快速训练'],
  'Sets: %s': ['Sätze: %s', 'Series: %s', '组数：%s'],
  '%s% in band': ['%s% im Bereich', '%s% en rango', '%s% 在范围内'],
  'Alarms: %s': ['Alarme: %s', 'Alarmas: %s', '警报：%s'],
  'no such session': ['Einheit nicht gefunden', 'sesión no encontrada', '找不到该训练'],
  'export failed': ['Export fehlgeschlagen', 'exportación fallida', '导出失败'],
  'the last export could not be read': ['der letzte Export ist unlesbar', 'no se pudo leer la última exportación', '无法读取上次导出'],
};

export function languageOf(stored: unknown): Language {
  return typeof stored === 'string' && (LANGUAGES as readonly string[]).indexOf(stored) >= 0 ? (stored as Language) : 'en-US';
}

/** The text in this language, `%s` filled in order; a text not in the table stays as it is. */
export function tr(lang: Language, english: string, ...values: string[]): string {
  let out = fromTable(T, lang, english);
  for (const v of values) out = out.replace('%s', v);
  return out;
}

/** A message with details (`[template, ...values]`, see addressRules): template and values translated. */
export function trMsg(lang: Language, msg: ReadonlyArray<string>): string {
  return tr(lang, msg[0], ...msg.slice(1).map((v) => tr(lang, v)));
}

/** Every English key (the test checks each has all four languages). */
export const SETTINGS_TEXT_KEYS = Object.keys(T);
export function settingsText(english: string): [string, string, string, string] | undefined {
  const row = T[english];
  return row ? [english, row[0], row[1], row[2]] : undefined;
}

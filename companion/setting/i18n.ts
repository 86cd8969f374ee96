// The settings page's words in the trainee's language. The Settings App API gives the page no
// language of its own, so the page offers a choice (stored as `ui:lang`, English until chosen)
// and takes its texts from this table. What the page shows as given by the rules in
// ../settingsView and ../addressRules (status words, export format names, hints) is looked up
// by its English text; a message with details (a bad address and why) comes as an English
// template and its values (addressRules `Msg`), each value looked up here too.
export const LANGUAGES = ['en-US', 'de-DE', 'es-ES', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];
export const LANG_KEY = 'ui:lang';
export const LANGUAGE_NAMES: Record<Language, string> = { 'en-US': 'English', 'de-DE': 'Deutsch', 'es-ES': 'Español', 'zh-CN': '中文' };

type Table = Record<string, [string, string, string]>;

// Keys are the English text (en-US); columns: de-DE, es-ES, zh-CN. Short: the table is in the
// settings bundle, which counts toward the .zpk budget.
const T: Table = {
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
  'Where the cuff controller is, and its token. The watch reaches the cuffs only through this.': [
    'Wo das Steuergerät ist, und sein Token. Nur darüber erreicht die Uhr die Manschetten.',
    'Dónde está el controlador y su token. El reloj solo llega a los manguitos a través de él.',
    '袖带控制器的地址和令牌。手表只能通过它控制袖带。'],
  'Cuffs': ['Manschetten', 'Manguitos', '袖带'],
  'No cuffs set up': ['Keine Manschetten eingerichtet', 'No hay manguitos configurados', '未设置袖带'],
  'leg': ['Bein', 'pierna', '腿'],
  'arm': ['Arm', 'brazo', '手臂'],
  'not measured': ['nicht gemessen', 'sin medir', '未测量'],
  '%s (%s): LOP %s': ['%s (%s): LOP %s', '%s (%s): LOP %s', '%s（%s）：LOP %s'],
  'type a LOP in mmHg (30-400), or measure it on the watch': ['LOP in mmHg eingeben (30-400) oder auf der Uhr messen', 'escriba el LOP en mmHg (30-400) o mídalo en el reloj', '输入 LOP（mmHg，30-400），或在手表上测量'],
  'LOP must be a whole number of mmHg from 30 to 400': ['LOP muss eine ganze Zahl von 30 bis 400 mmHg sein', 'El LOP debe ser un número entero de 30 a 400 mmHg', 'LOP 必须是 30 到 400 之间的整数 mmHg'],
  '%s cuff width: %s cm': ['%s Manschettenbreite: %s cm', '%s ancho del manguito: %s cm', '%s 袖带宽度：%s 厘米'],
  'Health questions': ['Gesundheitsfragen', 'Preguntas de salud', '健康问题'],
  'not answered': ['nicht beantwortet', 'sin responder', '未回答'],
  'clear': ['unbedenklich', 'sin riesgo', '无禁忌'],
  'cuffs refused': ['Manschetten gesperrt', 'manguitos no permitidos', '不可使用袖带'],
  ' (answer them on the watch)': [' (auf der Uhr beantworten)', ' (respóndalas en el reloj)', '（请在手表上回答）'],
  'Heart rate': ['Herzfrequenz', 'Frecuencia cardiaca', '心率'],
  'Above this ceiling for 15 s the cuffs come down until the rate falls 10 bpm below it. The guided routine always watches it.': [
    'Liegt der Puls 15 s über dieser Grenze, gehen die Manschetten herunter, bis er 10 bpm darunter liegt. Das geführte Programm achtet immer darauf.',
    'Si el pulso supera este límite 15 s, los manguitos se desinflan hasta que baje 10 lpm por debajo. La rutina guiada siempre lo vigila.',
    '心率超过此上限 15 秒，袖带会放气，直到心率降到上限以下 10 次/分。引导训练始终监测心率。'],
  'Your age: not given': ['Ihr Alter: nicht angegeben', 'Su edad: sin indicar', '您的年龄：未填写'],
  'Your age: %s': ['Ihr Alter: %s', 'Su edad: %s', '您的年龄：%s'],
  'years, 18-100 (asked once; sets the ceiling)': ['Jahre, 18-100 (einmal gefragt; setzt die Grenze)', 'años, 18-100 (se pregunta una vez; fija el límite)', '岁，18-100（只问一次；用于设定上限）'],
  'Age must be a whole number of years from 18 to 100': ['Das Alter muss eine ganze Zahl von 18 bis 100 Jahren sein', 'La edad debe ser un número entero de 18 a 100 años', '年龄必须是 18 到 100 之间的整数'],
  'Ceiling: %s bpm (age not given: assumes %s), 85 % of 208 - 0.7 x age (Tanaka 2001)': [
    'Grenze: %s bpm (Alter nicht angegeben: angenommen %s), 85 % von 208 - 0,7 x Alter (Tanaka 2001)',
    'Límite: %s lpm (edad sin indicar: se supone %s), 85 % de 208 - 0,7 x edad (Tanaka 2001)',
    '上限：%s 次/分（未填年龄：按 %s 岁计），208 - 0.7 x 年龄的 85 %（Tanaka 2001）'],
  'Ceiling: %s bpm (age %s), 85 % of 208 - 0.7 x age (Tanaka 2001)': [
    'Grenze: %s bpm (Alter %s), 85 % von 208 - 0,7 x Alter (Tanaka 2001)',
    'Límite: %s lpm (edad %s), 85 % de 208 - 0,7 x edad (Tanaka 2001)',
    '上限：%s 次/分（年龄 %s），208 - 0.7 x 年龄的 85 %（Tanaka 2001）'],
  'Heart-rate ceiling in every program': ['Pulsgrenze in jedem Programm', 'Límite de pulso en todos los programas', '所有训练都监测心率上限'],
  'Sessions': ['Einheiten', 'Sesiones', '训练记录'],
  'Export format': ['Exportformat', 'Formato de exportación', '导出格式'],
  'CSV: one row per set, for spreadsheets': ['CSV: eine Zeile pro Satz, für Tabellen', 'CSV: una fila por serie, para hojas de cálculo', 'CSV：每组一行，适合表格'],
  'JSON: the whole session record': ['JSON: der ganze Einheiten-Datensatz', 'JSON: el registro completo de la sesión', 'JSON：完整训练记录'],
  'FIT (Garmin Connect, Strava) is not offered here: the Settings App can show text to copy but has no way to save or share a file, and FIT is binary, so it cannot be copied as text. The upload endpoint below receives each whole session (JSON), from which FIT can be made.': [
    'FIT (Garmin Connect, Strava) gibt es hier nicht: die Einstellungsseite kann nur Text zum Kopieren zeigen, keine Datei speichern, und FIT ist binär. Das Upload-Ziel unten erhält jede ganze Einheit (JSON), daraus lässt sich FIT machen.',
    'FIT (Garmin Connect, Strava) no se ofrece aquí: esta página solo muestra texto para copiar, no guarda archivos, y FIT es binario. El destino de subida recibe cada sesión completa (JSON), de la que se puede hacer FIT.',
    '此处不提供 FIT（Garmin Connect、Strava）：设置页只能显示可复制的文本，无法保存文件，而 FIT 是二进制格式。下方的上传地址会收到每次完整训练（JSON），可由此生成 FIT。'],
  'No sessions yet': ['Noch keine Einheiten', 'Aún no hay sesiones', '暂无训练'],
  'pressure %s': ['Druck %s', 'presión %s', '压力 %s'],
  'reps %s': ['Wdh. %s', 'rep. %s', '次数 %s'],
  'Export %s': ['%s exportieren', 'Exportar %s', '导出 %s'],
  'Last export': ['Letzter Export', 'Última exportación', '上次导出'],
  'Export failed: %s': ['Export fehlgeschlagen: %s', 'Exportación fallida: %s', '导出失败：%s'],
  'Copy this text': ['Diesen Text kopieren', 'Copie este texto', '复制此文本'],
  'Upload (optional)': ['Upload (optional)', 'Subida (opcional)', '上传（可选）'],
  'Finished sessions are sent as JSON to this https:// address (POST, Bearer token).': [
    'Fertige Einheiten gehen als JSON an diese https://-Adresse (POST, Bearer-Token).',
    'Las sesiones terminadas se envían como JSON a esta dirección https:// (POST, token Bearer).',
    '完成的训练以 JSON 发送到此 https:// 地址（POST，Bearer 令牌）。'],
  'Problems': ['Probleme', 'Problemas', '问题'],
  'This page could not be drawn: %s': ['Diese Seite konnte nicht angezeigt werden: %s', 'No se pudo mostrar esta página: %s', '无法显示此页面：%s'],
  'Address kept. Now enter the token to connect.': ['Adresse gespeichert. Jetzt den Token eingeben.', 'Dirección guardada. Ahora escriba el token.', '地址已保存。请输入令牌以连接。'],
  'Token kept. Now enter the address to connect.': ['Token gespeichert. Jetzt die Adresse eingeben.', 'Token guardado. Ahora escriba la dirección.', '令牌已保存。请输入地址以连接。'],
  // Address and token messages (companion/addressRules.ts, settingsView.ts): %s is the field, then a host.
  '%s is empty': ['%s ist leer', '%s está vacío', '%s为空'],
  '%s is longer than 200 characters': ['%s ist länger als 200 Zeichen', '%s tiene más de 200 caracteres', '%s超过 200 个字符'],
  '%s contains spaces or control characters': ['%s enthält Leer- oder Steuerzeichen', '%s contiene espacios o caracteres de control', '%s含有空格或控制字符'],
  '%s must start with https:// (or http:// for a controller on your own network)': ['%s muss mit https:// beginnen (http:// nur für ein Steuergerät im eigenen Netz)', '%s debe empezar por https:// (o http:// para un controlador de su red)', '%s必须以 https:// 开头（本地网络中的控制器可用 http://）'],
  '%s must not contain a user name or password (user:pw@); put the token in the token field': ['%s darf keinen Benutzer oder kein Passwort enthalten (user:pw@); Token ins Token-Feld', '%s no debe llevar usuario ni contraseña (user:pw@); ponga el token en su campo', '%s不能包含用户名或密码（user:pw@）；令牌请填在令牌栏'],
  '%s: "%s" is not a host name or address': ['%s: „%s“ ist kein Hostname und keine Adresse', '%s: «%s» no es un nombre de host ni una dirección', '%s：“%s”不是主机名或地址'],
  '%s: port must be 1-65535': ['%s: Port muss 1-65535 sein', '%s: el puerto debe ser 1-65535', '%s：端口必须为 1-65535'],
  '%s: "%s" is not a host name': ['%s: „%s“ ist kein Hostname', '%s: «%s» no es un nombre de host', '%s：“%s”不是主机名'],
  '%s: plain http:// only to an address on your own network (e.g. http://192.168.1.20:8123 or http://127.0.0.1:8123); use https:// for %s': ['%s: http:// nur zu einer Adresse im eigenen Netz (z. B. http://192.168.1.20:8123 oder http://127.0.0.1:8123); für %s https:// verwenden', '%s: http:// solo a una dirección de su red (p. ej. http://192.168.1.20:8123 o http://127.0.0.1:8123); use https:// para %s', '%s：http:// 仅限本地网络地址（如 http://192.168.1.20:8123 或 http://127.0.0.1:8123）；%s 请用 https://'],
  '%s may hold only printable characters (letters, digits, punctuation), no spaces or line breaks': ['%s darf nur druckbare Zeichen enthalten (Buchstaben, Ziffern, Satzzeichen), keine Leerzeichen oder Umbrüche', '%s solo admite caracteres imprimibles (letras, cifras, signos), sin espacios ni saltos de línea', '%s只能包含可打印字符（字母、数字、标点），不能有空格或换行'],
  '%s must be an https:// URL (plain http only to 127.0.0.1 or localhost)': ['%s muss eine https://-URL sein (http nur zu 127.0.0.1 oder localhost)', '%s debe ser una URL https:// (http solo a 127.0.0.1 o localhost)', '%s必须是 https:// 网址（http 仅限 127.0.0.1 或 localhost）'],
  ' (the saved address is not used)': [' (die gespeicherte Adresse wird nicht benutzt)', ' (no se usa la dirección guardada)', '（未使用已保存的地址）'],
  'The saved token has characters a token may not have; type it again': ['Der gespeicherte Token enthält unzulässige Zeichen; bitte neu eingeben', 'El token guardado tiene caracteres no válidos; escríbalo de nuevo', '已保存的令牌含有无效字符，请重新输入'],
  'Plain HTTP: the token and every cuff command travel unencrypted on your local network. Use https:// if the controller supports it.': ['Einfaches HTTP: Token und Befehle gehen unverschlüsselt durch Ihr Netz. Nutzen Sie https://, wenn das Steuergerät es kann.', 'HTTP simple: el token y las órdenes viajan sin cifrar por su red. Use https:// si el controlador lo admite.', '普通 HTTP：令牌和袖带指令在本地网络中未加密传输。控制器支持时请用 https://。'],
  'https://controller.example or http://192.168.1.20:8787': ['https://controller.example oder http://192.168.1.20:8787', 'https://controller.example o http://192.168.1.20:8787', 'https://controller.example 或 http://192.168.1.20:8787'],
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

const COLUMN: Record<Language, number> = { 'en-US': -1, 'de-DE': 0, 'es-ES': 1, 'zh-CN': 2 };

export function languageOf(stored: unknown): Language {
  return typeof stored === 'string' && (LANGUAGES as readonly string[]).indexOf(stored) >= 0 ? (stored as Language) : 'en-US';
}

/** The text in this language, `%s` filled in order; a text not in the table stays as it is. */
export function tr(lang: Language, english: string, ...values: string[]): string {
  const row = T[english];
  const c = COLUMN[lang];
  let out = row && c >= 0 ? row[c] : english;
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

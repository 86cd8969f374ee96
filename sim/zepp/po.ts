// Reads the Zepp .po files (msgid/msgstr pairs) the watch's getText uses.
import fs from 'fs';
import path from 'path';

export function parsePo(text: string, file = '(po)'): Record<string, string> {
  const out: Record<string, string> = {};
  let id: string | null = null;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const m = /^(msgid|msgstr)\s+"((?:[^"\\]|\\.)*)"$/.exec(line);
    if (!m) throw new Error(`${file}:${i + 1}: expected msgid "..." or msgstr "...", got: ${line}`);
    const value = JSON.parse(`"${m[2]}"`) as string;
    if (m[1] === 'msgid') id = value;
    else {
      if (id === null) throw new Error(`${file}:${i + 1}: msgstr without msgid`);
      out[id] = value;
      id = null;
    }
  });
  return out;
}

export function readMessages(locale = 'en-US', dir = path.resolve(__dirname, '../../watch/i18n')): Record<string, string> {
  const file = path.join(dir, `${locale}.po`);
  return parsePo(fs.readFileSync(file, 'utf8'), file);
}

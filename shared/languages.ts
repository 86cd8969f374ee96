// The four languages the product speaks (watch/i18n/<lang>.po on the watch; the phone settings
// pages' tables), and the lookup both phone settings pages use: tables keyed by the English
// text, with one column per other language.
export const LANGUAGES = ['en-US', 'de-DE', 'es-ES', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];

/** English text -> [de-DE, es-ES, zh-CN]. */
export type TextTable = Record<string, [string, string, string]>;

/** The column of `lang` in a TextTable row; -1 for English (the key). */
export function languageColumn(lang: Language): number {
  return LANGUAGES.indexOf(lang) - 1;
}

/** The text in `lang` from an English-keyed table; English (or a text not in the table) stays as it is. */
export function fromTable(table: TextTable, lang: Language, english: string): string {
  const row = table[english];
  const c = languageColumn(lang);
  return row && c >= 0 ? row[c] : english;
}

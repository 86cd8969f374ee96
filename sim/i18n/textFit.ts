// Does a text fit its widget? The watch draws with its system font, whose metrics are not
// published, so we estimate from the font size and the characters, erring wide (harsher than
// the watch): CJK and full-width characters one em, capitals and wide Latin letters 0.7 em,
// narrow ones 0.3 em, the rest 0.58 em. A text fits when every line (explicit "\n" lines, or
// wrapped at spaces when the widget wraps) is no wider than the widget, and the lines fit its
// height at 1.25 x the font size.

const FULL_WIDTH = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;
const WIDE = /[A-ZÄÖÜ@MWmw%]/;
const NARROW = /[il.,:;'|!ÍíIj1 ()\[\]]/;

export function charWidthEm(ch: string): number {
  if (FULL_WIDTH.test(ch)) return 1;
  if (WIDE.test(ch)) return 0.7;
  if (NARROW.test(ch)) return 0.3;
  return 0.58;
}

export function textWidthPx(text: string, fontSize: number): number {
  let em = 0;
  for (const ch of text) em += charWidthEm(ch);
  return em * fontSize;
}

export interface TextBox { text: string; fontSize: number; w: number; h: number; wrap: boolean }

/** Lines as the widget would show them: explicit breaks, then word wrap if it wraps. */
export function layoutLines(box: TextBox): string[] {
  const out: string[] = [];
  for (const para of box.text.split('\n')) {
    if (!box.wrap) { out.push(para); continue; }
    // CJK wraps between any two characters; Latin at spaces.
    const tokens = /[\u2e80-\u9fff\uac00-\ud7a3\uff00-\uffef]/.test(para) ? Array.from(para) : para.split(/(?<= )/);
    let line = '';
    for (const t of tokens) {
      if (line && textWidthPx(line + t, box.fontSize) > box.w) { out.push(line.replace(/ +$/, '')); line = t.replace(/^ +/, ''); }
      else line += t;
    }
    out.push(line);
  }
  return out;
}

export interface FitResult { fits: boolean; widestPx: number; lines: number; why?: string }

export function fitText(box: TextBox): FitResult {
  const lines = layoutLines(box);
  let widest = 0;
  for (const l of lines) widest = Math.max(widest, textWidthPx(l, box.fontSize));
  const heightPx = lines.length * box.fontSize * 1.25;
  if (widest > box.w) return { fits: false, widestPx: Math.round(widest), lines: lines.length, why: 'wider than ' + box.w + ' px' };
  if (heightPx > box.h + 0.5) return { fits: false, widestPx: Math.round(widest), lines: lines.length, why: lines.length + ' lines need ' + Math.round(heightPx) + ' px, widget is ' + box.h + ' px high' };
  return { fits: true, widestPx: Math.round(widest), lines: lines.length };
}

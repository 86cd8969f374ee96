// Is what the watch shows from its language's catalog, and does it fit its widget? Used by
// the render test (test/sim/i18nScreens.test.ts) and by `bfr-coach simulate --lang`.
// - From the catalog: the text is one catalog entry with its `%d` filled by numbers and its
//   `%s` by a clock or another catalog text; or a list of such texts joined by two spaces; or
//   only digits and punctuation (a clock, "3 / 8", a date).
// - Fits: textFit.ts's estimate against the widget's box and font size (TEXT widgets with
//   text_style WRAP wrap at spaces; buttons and ELLIPSIS texts are one line, and a cut text is
//   an overflow: a safety message must never lose its end).
import type { WidgetNode } from '../zepp/widgets';
import { fitText } from './textFit';

const NEUTRAL = /^[-+\d\s:.,/%()]+$/;
const NUMBER = '-?\\d[\\d.,/]*';

export class CatalogMatcher {
  private readonly plain = new Set<string>();
  private readonly templates: Array<{ re: RegExp; slots: number }> = [];

  constructor(messages: Record<string, string>) {
    for (const key of Object.keys(messages)) {
      const value = messages[key];
      if (!value) continue;
      if (value.indexOf('%') < 0 || !/%[ds]/.test(value)) {
        this.plain.add(value);
        continue;
      }
      let slots = 0;
      const source = value.split(/(%[ds])/).map((part) => {
        if (part === '%d') return NUMBER;
        if (part === '%s') {
          slots++;
          return '(.+?)';
        }
        return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      }).join('');
      this.templates.push({ re: new RegExp('^' + source + '$'), slots });
    }
  }

  /** The text could come from this catalog (with numbers filled in). */
  matches(text: string, depth = 0): boolean {
    if (text === '' || NEUTRAL.test(text) || this.plain.has(text)) return true;
    for (const t of this.templates) {
      const m = t.re.exec(text);
      if (!m) continue;
      let ok = true;
      for (let i = 1; i <= t.slots && ok; i++) ok = depth < 2 && this.matches(m[i], depth + 1);
      if (ok) return true;
    }
    // A list of catalog texts, two spaces apart ("12:30  85% in band").
    if (depth === 0 && text.indexOf('  ') > 0) return text.split(/ {2,}/).every((part) => this.matches(part, 1));
    return false;
  }
}

export interface ScreenIssue { text: string; where: string; why: string }

const WRAP_STYLES = [0, 1]; // text_style CHAR_WRAP, WRAP (sim/zepp/widgets.ts)

/** Text widgets a person can read now: visible TEXT and BUTTON widgets with a text. */
export function readableWidgets(nodes: WidgetNode[]): WidgetNode[] {
  return nodes.filter((n) => (n.type === 'TEXT' || n.type === 'BUTTON') && typeof n.props.text === 'string' && n.props.text !== '');
}

export function checkWidget(n: WidgetNode, matcher: CatalogMatcher): { untranslated: ScreenIssue | null; overflow: ScreenIssue | null } {
  const text = n.props.text as string;
  const where = n.type + ' @' + n.props.x + ',' + n.props.y + ' ' + n.props.w + 'x' + n.props.h;
  const untranslated = matcher.matches(text) ? null : { text, where, why: 'not from the catalog' };
  const size = Number(n.props.text_size) || 0;
  const w = Number(n.props.w) || 0;
  const h = Number(n.props.h) || 0;
  let overflow: ScreenIssue | null = null;
  if (size > 0 && w > 0 && h > 0) {
    // A button's label sits inside its rounded ends: 8 px kept free on each side.
    const button = n.type === 'BUTTON';
    const fit = fitText({ text, fontSize: size, w: button ? w - 16 : w, h, wrap: !button && WRAP_STYLES.indexOf(Number(n.props.text_style)) >= 0 });
    if (!fit.fits) overflow = { text, where, why: fit.why || 'does not fit' };
  }
  return { untranslated, overflow };
}

/**
 * Watches a screen over time: each `sample` checks what is readable now; each distinct
 * problem (text + widget box) is counted once however often it is seen.
 */
export class ScreenAudit {
  readonly untranslated = new Map<string, ScreenIssue>();
  readonly overflowing = new Map<string, ScreenIssue>();
  samples = 0;

  constructor(private readonly matcher: CatalogMatcher) {}

  sample(nodes: WidgetNode[]): void {
    this.samples++;
    for (const n of readableWidgets(nodes)) {
      const r = checkWidget(n, this.matcher);
      if (r.untranslated) this.untranslated.set(r.untranslated.text + ' ' + r.untranslated.where, r.untranslated);
      if (r.overflow) this.overflowing.set(r.overflow.text + ' ' + r.overflow.where, r.overflow);
    }
  }
}

// `document` for the Node Fitbit runtime: the elements of the real resources/index.view, each
// with its id, text, style (display, fill) and sweep angle, and onclick / addEventListener.
// An element is visible when neither it nor an ancestor has display none. Tests read the
// screen through visibleTexts() and tap buttons with tap(id).
import fs from 'fs';
import path from 'path';

export interface SimElement {
  id: string;
  type: string;
  text: string;
  sweepAngle: number;
  style: { display: string; fill: string; visibility: string };
  parent: SimElement | null;
  children: SimElement[];
  onclick: ((event: unknown) => void) | null;
  addEventListener(name: string, fn: (event: unknown) => void): void;
  removeEventListener(name: string, fn: (event: unknown) => void): void;
  listeners: { [name: string]: Array<(event: unknown) => void> };
}

function attr(attrs: string, name: string): string | null {
  const m = new RegExp('(?:^|\\s)' + name + '="([^"]*)"').exec(attrs);
  return m ? m[1] : null;
}

function element(type: string, attrs: string, parent: SimElement | null): SimElement {
  const el: SimElement = {
    id: attr(attrs, 'id') || '',
    type,
    text: '',
    sweepAngle: Number(attr(attrs, 'sweep-angle') || 0),
    style: { display: attr(attrs, 'display') || 'inline', fill: attr(attrs, 'fill') || '', visibility: 'visible' },
    parent,
    children: [],
    onclick: null,
    listeners: {},
    addEventListener(name, fn) {
      (el.listeners[name] = el.listeners[name] || []).push(fn);
    },
    removeEventListener(name, fn) {
      el.listeners[name] = (el.listeners[name] || []).filter((f) => f !== fn);
    },
  };
  return el;
}

export const VIEW_FILE = path.resolve(__dirname, '../../fitbit/resources/index.view');

export class SimDocument {
  readonly root: SimElement;
  private readonly byId = new Map<string, SimElement>();

  constructor(viewFile = VIEW_FILE) {
    const source = fs.readFileSync(viewFile, 'utf8').replace(/<!--[\s\S]*?-->/g, '');
    this.root = element('root', '', null);
    let current = this.root;
    const tag = /<(\/?)([a-zA-Z][\w-]*)([^>]*?)(\/?)>|([^<]+)/g;
    let m: RegExpExecArray | null;
    while ((m = tag.exec(source))) {
      if (m[5] !== undefined) {
        if (m[5].trim()) current.text += m[5].trim();
        continue;
      }
      if (m[1]) {
        if (!current.parent || current.type !== m[2]) throw new Error(`index.view: unexpected </${m[2]}>`);
        current = current.parent;
        continue;
      }
      const el = element(m[2], m[3], current);
      current.children.push(el);
      if (el.id) {
        if (this.byId.has(el.id)) throw new Error(`index.view: duplicate id "${el.id}"`);
        this.byId.set(el.id, el);
      }
      if (!m[4]) current = el;
    }
    if (current !== this.root) throw new Error(`index.view: <${current.type}> not closed`);
  }

  getElementById(id: string): SimElement | null {
    return this.byId.get(id) || null;
  }

  isVisible(el: SimElement): boolean {
    for (let e: SimElement | null = el; e; e = e.parent) if (e.style.display === 'none' || e.style.visibility === 'hidden') return false;
    return true;
  }

  /** Texts of every visible element, in document order. */
  visibleTexts(): string[] {
    const out: string[] = [];
    const walk = (el: SimElement) => {
      if (el !== this.root && !this.isVisible(el)) return;
      if (el.text) out.push(el.text);
      el.children.forEach(walk);
    };
    walk(this.root);
    return out;
  }

  text(id: string): string {
    const el = this.getElementById(id);
    if (!el) throw new Error('no element #' + id);
    return el.text;
  }

  visible(id: string): boolean {
    const el = this.getElementById(id);
    return !!el && this.isVisible(el);
  }

  /** A tap on a button (its `-hit` rect, or the element itself); false when it is not visible. */
  tap(id: string): boolean {
    const el = this.getElementById(id + '-hit') || this.getElementById(id);
    if (!el || !this.isVisible(el)) return false;
    const event = { type: 'click', target: el };
    if (el.onclick) el.onclick(event);
    for (const fn of el.listeners.click || []) fn(event);
    return true;
  }
}

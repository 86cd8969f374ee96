// The Zepp OS Settings App (the phone UI of a mini program, shown in the Zepp app), simulated
// in Node: the real page bundle (companion/setting/index.ts, bundled as the build does) runs in
// a realm whose globals are the documented Settings App API, and draws a component tree that a
// test, or the `npm start` page, can read and operate as a person would.
//
// What is modelled, from zepp-health/zeppos-docs (guides/framework/app-settings,
// reference/app-settings-api):
//   - AppSettingsPage({ state, build(props) }): build runs at once after the call, with `this`
//     the option object (so this.state works) and props.settingsStorage; it returns a render
//     node, and runs again whenever settings storage changes ("the Settings app is responsive,
//     executing build ... whenever the data in SettingsStorage changes"). Nothing else redraws
//     the page: changing this.state alone does not.
//   - Components are functions (props, children?) -> node: View, Text, Button, TextInput,
//     Toggle, Select, Slider, Section, Link, Image, TextImageRow, Toast, Auth. Children may be one
//     node or a list; Text children may be strings.
//   - Events, as their props document them: Button onClick(); View onClick(); TextInput
//     onChange(value: string); Toggle onChange(value: boolean); Select onChange(value) (a
//     string, or a string[] when `multiple`); Slider onChange(value: number). TextInput,
//     Toggle and Slider with `settingsKey` also store the value under that key (as a string).
//     A disabled TextInput takes no input.
//   - settingsStorage: strings, getItem/setItem/removeItem/clear/toObject/length, and the
//     `change` event the side service listens to. The page shares the storage with the side
//     service, as on the phone.
// Not documented, so chosen here and said: a TextInput reports its value when the person
// finishes editing (the Zepp app edits text in a dialog and confirms) - one onChange per edit,
// with the whole new text. type(..., { perKeystroke: true }) instead calls onChange after every
// character, for a test that wants the page to cope with either. Redraws happen after an event
// handler returns, and right away (coalesced per turn) after a change from elsewhere.
import { createRealm, type Realm } from '../zepp/realm';
import { sideBundle } from '../zepp/bundles';
import type { Clock } from '../clock';

export const COMPONENTS = [
  'View', 'Text', 'Button', 'TextInput', 'Toggle', 'Select', 'Slider', 'Section', 'Link', 'Image', 'TextImageRow', 'Toast', 'Auth',
] as const;
export type ComponentName = (typeof COMPONENTS)[number];

export interface SettingsNode {
  type: ComponentName;
  props: Record<string, unknown>;
  /** Child nodes, and for Text its strings (as { type: '#text' }). */
  children: Array<SettingsNode | TextChild>;
}
export interface TextChild { type: '#text'; text: string }

/** What the Settings App needs of settings storage (the side runtime's SettingsStorage fits). */
export interface SettingsStorageApi {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  clear?(): void;
  toObject?(): Record<string, unknown>;
  readonly length?: number;
  key?(i: number): string | null;
  addListener?(name: 'change', cb: (e: { key: string; newValue: string | null; oldValue: string | null }) => void): void;
  removeListener?(name: 'change', cb?: (e: { key: string; newValue: string | null; oldValue: string | null }) => void): void;
  writes?: number;
}

/** A drawable copy of the tree: no functions, ids by position, what each node accepts. */
export interface DrawnNode {
  id: string;
  type: ComponentName | '#text';
  props: Record<string, unknown>;
  text?: string;
  /** The events this node takes: click (Button, View with onClick), change (inputs). */
  accepts: Array<'click' | 'change'>;
  children: DrawnNode[];
}

export type Label = string | RegExp;

export class SettingsAppError extends Error {}

const realClock: Clock = {
  now: () => Date.now(),
  setTimer: (fn, ms, repeat) => {
    const h = repeat ? setInterval(fn, Math.max(1, ms)) : setTimeout(fn, Math.max(0, ms));
    (h as { unref?: () => void }).unref?.();
    return h as unknown as number;
  },
  clearTimer: (id) => {
    clearTimeout(id as unknown as NodeJS.Timeout);
    clearInterval(id as unknown as NodeJS.Timeout);
  },
};

function isNode(v: unknown): v is SettingsNode {
  return !!v && typeof v === 'object' && typeof (v as SettingsNode).type === 'string' && COMPONENTS.indexOf((v as SettingsNode).type) >= 0;
}

function childrenOf(type: ComponentName, raw: unknown): Array<SettingsNode | TextChild> {
  if (raw === undefined || raw === null) return [];
  const list = Array.isArray(raw) ? raw : [raw];
  const out: Array<SettingsNode | TextChild> = [];
  for (const c of list) {
    if (c === undefined || c === null || c === false) continue;
    if (isNode(c)) out.push(c);
    else if (typeof c === 'string' || typeof c === 'number') out.push({ type: '#text', text: String(c) });
    else throw new SettingsAppError(type + ': a child is neither a component nor text (' + typeof c + ')');
  }
  return out;
}

/** The label a person reads on a component: its label, title, or its text. */
export function labelOf(node: SettingsNode): string {
  const p = node.props;
  if (typeof p.label === 'string') return p.label;
  if (typeof p.title === 'string') return p.title;
  if (node.type === 'Text') return node.children.map((c) => (c.type === '#text' ? c.text : '')).join('');
  return '';
}

function matches(label: Label, text: string): boolean {
  return typeof label === 'string' ? text === label : label.test(text);
}

export interface SettingsAppOptions {
  storage: SettingsStorageApi;
  /** The page bundle (CommonJS); default: companion/setting/index.ts bundled as the build does. */
  code?: string;
  clock?: Clock;
}

export class SettingsApp {
  readonly storage: SettingsStorageApi;
  /** Errors thrown by build or by event handlers (the Zepp app would log them). */
  readonly errors: unknown[] = [];
  readonly logs: string[] = [];
  /** How many times build ran. */
  renders = 0;
  private option: { build?: (props: unknown) => unknown; state?: unknown } | null = null;
  private root: SettingsNode | null = null;
  private realm: Realm | null = null;
  private dirty = false;
  private inEvent = 0;
  private scheduled = false;
  private seen = '';
  private readonly listener = () => this.changed();
  private readonly props: { settingsStorage: SettingsStorageApi };

  private constructor(private readonly options: SettingsAppOptions) {
    this.storage = options.storage;
    // props.settingsStorage: the shared storage itself, as on the phone.
    this.props = { settingsStorage: this.storage };
  }

  /** Loads the page bundle and runs it (build runs at once). */
  static async open(options: SettingsAppOptions): Promise<SettingsApp> {
    const app = new SettingsApp(options);
    const code = options.code !== undefined ? options.code : await sideBundle('setting/index');
    app.start(code);
    return app;
  }

  private start(code: string): void {
    const components: Record<string, unknown> = {};
    for (const name of COMPONENTS) {
      components[name] = (props?: Record<string, unknown>, children?: unknown): SettingsNode => {
        const p = props && typeof props === 'object' ? props : {};
        return { type: name, props: p, children: childrenOf(name, children) };
      };
    }
    const log = (level: string) => (...args: unknown[]) => {
      if (this.logs.length < 500) this.logs.push(level + ': ' + args.map(String).join(' '));
    };
    this.realm = createRealm(
      this.options.clock || realClock,
      {
        ...components,
        console: { log: log('log'), info: log('info'), warn: log('warn'), error: log('error'), debug: log('debug') },
        AppSettingsPage: (option: { build?: (props: unknown) => unknown; state?: unknown }) => {
          if (!option || typeof option.build !== 'function') throw new SettingsAppError('AppSettingsPage needs a build(props) function');
          this.option = option;
          this.render();
        },
      },
      (e) => this.errors.push(e),
    );
    if (this.storage.addListener) this.storage.addListener('change', this.listener);
    this.realm.runBundle(code, 'setting.js', (name) => {
      throw new SettingsAppError('the Settings App has no module "' + name + '"');
    });
    if (!this.option) throw new SettingsAppError('the page never called AppSettingsPage');
  }

  private fingerprint(): string {
    return String(this.storage.writes === undefined ? '' : this.storage.writes) + ':' + String(this.storage.length === undefined ? '' : this.storage.length);
  }

  private render(): void {
    if (!this.option || !this.option.build) return;
    this.dirty = false;
    this.seen = this.fingerprint();
    this.renders++;
    try {
      const out = this.option.build.call(this.option, this.props);
      if (!isNode(out)) throw new SettingsAppError('build returned ' + (out === undefined ? 'nothing' : typeof out) + ', not a component');
      this.root = out;
    } catch (e) {
      this.errors.push(e);
    }
  }

  private changed(): void {
    this.dirty = true;
    if (this.inEvent > 0 || this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      if (this.dirty) this.render();
    });
  }

  /** Redraws when storage changed without a change event reaching this page (e.g. a side
   * service that removed every listener when it stopped). Cheap: compares a write count. */
  refresh(): boolean {
    if (this.dirty || this.fingerprint() !== this.seen) {
      this.render();
      return true;
    }
    return false;
  }

  /** The page's component tree as last drawn. */
  get tree(): SettingsNode {
    if (!this.root) throw new SettingsAppError('the page has drawn nothing' + (this.errors.length ? ': ' + String(this.errors[this.errors.length - 1]) : ''));
    return this.root;
  }

  /** Every node, depth first, in the order a person reads the page. */
  nodes(): SettingsNode[] {
    const out: SettingsNode[] = [];
    const walk = (n: SettingsNode) => {
      out.push(n);
      for (const c of n.children) if (c.type !== '#text') walk(c as SettingsNode);
    };
    walk(this.tree);
    return out;
  }

  /** The text a person sees, line by line: labels, titles, texts, input values. */
  texts(): string[] {
    const out: string[] = [];
    for (const n of this.nodes()) {
      const label = labelOf(n);
      if (label) out.push(label);
      if (n.type === 'Section' && typeof n.props.description === 'string') out.push(n.props.description);
      if (n.type === 'TextInput' && typeof n.props.value === 'string' && n.props.value) out.push(n.props.value);
    }
    return out;
  }

  /** The one component of this type whose label matches; throws when there is none or several. */
  find(type: ComponentName, label: Label): SettingsNode {
    const hits = this.nodes().filter((n) => n.type === type && matches(label, labelOf(n)));
    if (hits.length === 0) {
      const have = this.nodes().filter((n) => n.type === type).map((n) => JSON.stringify(labelOf(n)));
      throw new SettingsAppError('no ' + type + ' labelled ' + String(label) + ' on the page (there are: ' + (have.join(', ') || 'none') + ')');
    }
    if (hits.length > 1) throw new SettingsAppError(hits.length + ' ' + type + 's labelled ' + String(label) + ': say which (a RegExp, or within())');
    return hits[0];
  }

  /** A view of the page limited to one Section (by title), for fields that repeat per section. */
  within(sectionTitle: Label): SettingsScope {
    return new SettingsScope(this, sectionTitle);
  }

  /** The nodes that follow `node` under the same parent (what is shown right after it). */
  after(node: SettingsNode): SettingsNode[] {
    for (const n of this.nodes()) {
      const i = n.children.indexOf(node);
      if (i >= 0) return n.children.slice(i + 1).filter((c): c is SettingsNode => c.type !== '#text');
    }
    return [];
  }

  /** The message line right under a field (the next Text sibling), or null. */
  messageAfter(node: SettingsNode): string | null {
    const next = this.after(node)[0];
    return next && next.type === 'Text' ? labelOf(next) : null;
  }

  private run(what: string, fn: () => void): void {
    this.inEvent++;
    try {
      fn();
    } catch (e) {
      this.errors.push(e);
    } finally {
      this.inEvent--;
    }
    if (this.inEvent === 0 && (this.dirty || this.fingerprint() !== this.seen)) this.render();
    void what;
  }

  /** Types `text` into a TextInput: the whole new text, reported when the edit is confirmed. */
  type(field: SettingsNode | Label, text: string, options: { perKeystroke?: boolean } = {}): void {
    const node = typeof field === 'object' && !(field instanceof RegExp) ? field : this.find('TextInput', field);
    if (node.type !== 'TextInput') throw new SettingsAppError('type(): ' + node.type + ' is not a TextInput');
    if (node.props.disabled) throw new SettingsAppError('type(): the field "' + labelOf(node) + '" is disabled');
    const label = labelOf(node);
    const steps = options.perKeystroke ? Array.from({ length: text.length }, (_, i) => text.slice(0, i + 1)) : [text];
    if (options.perKeystroke && text.length === 0) steps.push('');
    let current = node;
    for (const value of steps) {
      this.run('change', () => {
        const onChange = current.props.onChange;
        if (typeof current.props.settingsKey === 'string') this.storage.setItem(current.props.settingsKey, value);
        if (typeof onChange === 'function') onChange(value);
      });
      // Keystrokes go to the field as it is drawn now (the page may have redrawn it).
      if (options.perKeystroke) current = this.sameField(current, label);
    }
  }

  private sameField(old: SettingsNode, label: string): SettingsNode {
    const hits = this.nodes().filter((n) => n.type === old.type && labelOf(n) === label);
    return hits.length === 1 ? hits[0] : old;
  }

  /** Clicks a Button (or a View with onClick). */
  click(target: SettingsNode | Label): void {
    const node = typeof target === 'object' && !(target instanceof RegExp) ? target : this.find('Button', target);
    const onClick = node.props.onClick;
    if (typeof onClick !== 'function') throw new SettingsAppError('click(): "' + labelOf(node) + '" does not take clicks');
    this.run('click', () => (onClick as () => void)());
  }

  /** Sets a Toggle on or off. */
  toggle(target: SettingsNode | Label, value: boolean): void {
    const node = typeof target === 'object' && !(target instanceof RegExp) ? target : this.find('Toggle', target);
    this.run('change', () => {
      if (typeof node.props.settingsKey === 'string') this.storage.setItem(node.props.settingsKey, String(value));
      if (typeof node.props.onChange === 'function') (node.props.onChange as (v: boolean) => void)(value);
    });
  }

  /** Picks an option of a Select, by its value or its shown name (several when `multiple`). */
  select(target: SettingsNode | Label, choice: string | string[]): void {
    const node = typeof target === 'object' && !(target instanceof RegExp) ? target : this.find('Select', target);
    const options = Array.isArray(node.props.options) ? (node.props.options as Array<{ name?: string; value?: string }>) : [];
    const pick = (c: string) => {
      const o = options.find((x) => x.value === c) || options.find((x) => x.name === c);
      if (!o) throw new SettingsAppError('select(): "' + labelOf(node) + '" has no option ' + JSON.stringify(c));
      return o.value !== undefined ? o.value : String(o.name);
    };
    const value = node.props.multiple ? (Array.isArray(choice) ? choice : [choice]).map(pick) : pick(Array.isArray(choice) ? choice[0] : choice);
    this.run('change', () => {
      if (typeof node.props.onChange === 'function') (node.props.onChange as (v: unknown) => void)(value);
    });
  }

  /** Moves a Slider to `value` (kept within min/max and on the step, as a slider would). */
  slide(target: SettingsNode | Label, value: number): void {
    const node = typeof target === 'object' && !(target instanceof RegExp) ? target : this.find('Slider', target);
    const min = typeof node.props.min === 'number' ? node.props.min : Number(node.props.min ?? 0);
    const max = typeof node.props.max === 'number' ? node.props.max : Number(node.props.max ?? 100);
    const step = typeof node.props.step === 'number' && node.props.step > 0 ? node.props.step : Number(node.props.step ?? 1) || 1;
    let v = Math.min(max, Math.max(min, value));
    v = Math.round((v - min) / step) * step + min;
    this.run('change', () => {
      if (typeof node.props.settingsKey === 'string') this.storage.setItem(node.props.settingsKey, String(v));
      if (typeof node.props.onChange === 'function') (node.props.onChange as (x: number) => void)(v);
    });
  }

  /** The tree to draw elsewhere (the `npm start` page): ids by position, no functions. */
  drawn(): DrawnNode {
    const draw = (n: SettingsNode | TextChild, id: string): DrawnNode => {
      if (n.type === '#text') return { id, type: '#text', props: {}, text: (n as TextChild).text, accepts: [], children: [] };
      const node = n as SettingsNode;
      const props: Record<string, unknown> = {};
      for (const k of Object.keys(node.props)) {
        const v = node.props[k];
        if (typeof v === 'function') continue;
        props[k] = v;
      }
      const accepts: Array<'click' | 'change'> = [];
      if (typeof node.props.onClick === 'function') accepts.push('click');
      if ((node.type === 'TextInput' || node.type === 'Toggle' || node.type === 'Select' || node.type === 'Slider') &&
        (typeof node.props.onChange === 'function' || typeof node.props.settingsKey === 'string') && !node.props.disabled) accepts.push('change');
      return { id, type: node.type, props, accepts, children: node.children.map((c, i) => draw(c, id + '.' + i)) };
    };
    return draw(this.tree, '0');
  }

  /** Acts on a node by its drawn id: what the `npm start` page sends when a person clicks or types. */
  act(id: string, action: { kind: 'click' } | { kind: 'change'; value: unknown }): void {
    const path = id.split('.').map(Number);
    if (path[0] !== 0 || path.some((x) => !Number.isInteger(x) || x < 0)) throw new SettingsAppError('no node ' + id);
    let node: SettingsNode | TextChild = this.tree;
    for (const i of path.slice(1)) {
      if (node.type === '#text' || !(node as SettingsNode).children[i]) throw new SettingsAppError('no node ' + id + ' (the page was redrawn)');
      node = (node as SettingsNode).children[i];
    }
    if (node.type === '#text') throw new SettingsAppError('node ' + id + ' is text');
    const n = node as SettingsNode;
    if (action.kind === 'click') return this.click(n);
    if (n.type === 'TextInput') return this.type(n, String(action.value));
    if (n.type === 'Toggle') return this.toggle(n, action.value === true || action.value === 'true');
    if (n.type === 'Slider') return this.slide(n, Number(action.value));
    if (n.type === 'Select') return this.select(n, Array.isArray(action.value) ? action.value.map(String) : String(action.value));
    throw new SettingsAppError(n.type + ' takes no change');
  }

  /** Closes the page: no more redraws. */
  close(): void {
    if (this.storage.removeListener) {
      try {
        this.storage.removeListener('change', this.listener);
      } catch (e) {
        // already gone
      }
    }
    if (this.realm) this.realm.dispose();
    this.realm = null;
    this.option = null;
  }
}

/** The page seen through one Section: find() only looks inside it. */
export class SettingsScope {
  constructor(private readonly app: SettingsApp, private readonly title: Label) {}

  private section(): SettingsNode {
    return this.app.find('Section', this.title);
  }

  nodes(): SettingsNode[] {
    const out: SettingsNode[] = [];
    const walk = (n: SettingsNode) => {
      out.push(n);
      for (const c of n.children) if (c.type !== '#text') walk(c as SettingsNode);
    };
    walk(this.section());
    return out;
  }

  find(type: ComponentName, label: Label): SettingsNode {
    const hits = this.nodes().filter((n) => n.type === type && matches(label, labelOf(n)));
    if (hits.length !== 1) throw new SettingsAppError((hits.length ? hits.length + ' ' : 'no ') + type + ' labelled ' + String(label) + ' in section ' + String(this.title));
    return hits[0];
  }

  texts(): string[] {
    return this.nodes().map(labelOf).filter((t) => t);
  }
}

// @zos/ui for the Node Zepp runtime and the QuickJS check: widgets become an inspectable
// tree, so tests assert what the screen says and press buttons like a finger would.
// Platform-neutral (no Node APIs): it is also bundled into the QuickJS prelude.

/**
 * The widgets a mini program may create: the pages under docs/reference/device-app-api/newAPI/
 * ui/widget (plus STATE_BUTTON, the option inside RADIO_GROUP / CHECKBOX_GROUP, and the
 * WIDGET_-prefixed picker names the PICKER and TIME_PICKER pages use). ARC_PROGRESS, TEXT_IMG
 * and IMG_LEVEL are not here: the docs' revision history (reference/revision-history, July 1,
 * 2022) moved them to watch-face widgets, so `widget.ARC_PROGRESS` is undefined and creating
 * one fails, as a mini program on the watch cannot rely on it.
 */
export const MINI_PROGRAM_WIDGETS = [
  'ARC', 'BUTTON', 'CANVAS', 'CHECKBOX_GROUP', 'CIRCLE', 'CYCLE_IMAGE_TEXT_LIST', 'CYCLE_LIST', 'DIALOG',
  'FILL_RECT', 'GRADIENT_POLYLINE', 'GROUP', 'HISTOGRAM', 'IMG', 'IMG_ANIM', 'KEYBOARD', 'PAGE_INDICATOR',
  'PAGE_SCROLLBAR', 'PICKER', 'PICK_DATE', 'QRCODE', 'RADIO_GROUP', 'SCROLL_LIST', 'SLIDE_SWITCH', 'SPORT_DATA',
  'STATE_BUTTON', 'STROKE_RECT', 'SYSTEM_KEYBOARD', 'TEXT', 'TIME_PICKER', 'VIEW_CONTAINER', 'VIRTUAL_CONTAINER',
  'WIDGET_PICKER', 'WIDGET_TIME_PICKER',
] as const;

export const widget: Record<(typeof MINI_PROGRAM_WIDGETS)[number], string> = (() => {
  const out = {} as Record<(typeof MINI_PROGRAM_WIDGETS)[number], string>;
  for (const name of MINI_PROGRAM_WIDGETS) out[name] = name;
  return out;
})();

export const prop = {
  MORE: 'MORE', TEXT: 'text', X: 'x', Y: 'y', W: 'w', H: 'h', VISIBLE: 'visible', COLOR: 'color',
  SRC: 'src', LEVEL: 'level', END_ANGLE: 'end_angle', START_ANGLE: 'start_angle', ALPHA: 'alpha',
  CURRENT: 'current', LINE_WIDTH: 'line_width', TEXT_SIZE: 'text_size', BG_COLOR: 'bg_color',
} as const;

export const align = { LEFT: 0, RIGHT: 1, CENTER_H: 2, TOP: 3, BOTTOM: 4, CENTER_V: 5 } as const;
export const text_style = { CHAR_WRAP: 0, WRAP: 1, ELLIPSIS: 2, NONE: 3 } as const;
export const event = { CLICK_DOWN: 'CLICK_DOWN', CLICK_UP: 'CLICK_UP', MOVE: 'MOVE', SELECT: 'SELECT' } as const;

export interface WidgetNode {
  id: number;
  type: string;
  props: Record<string, unknown>;
  parent: WidgetNode | null;
  children: WidgetNode[];
  deleted: boolean;
  listeners: Record<string, Array<(info: unknown) => void>>;
}

export interface WidgetHandle {
  setProperty(name: string, value: unknown): void;
  getProperty(name: string): unknown;
  addEventListener(name: string, cb: (info: unknown) => void): void;
  removeEventListener(name: string, cb: (info: unknown) => void): void;
  createWidget(type: string, opts: Record<string, unknown>): WidgetHandle;
  __node: WidgetNode;
}

export class WidgetTree {
  readonly roots: WidgetNode[] = [];
  private nextId = 1;
  /** Calls the page made that the runtime does not model; counted, never silently dropped. */
  readonly unsupported: string[] = [];

  create(type: string, opts: Record<string, unknown> | undefined, parent: WidgetNode | null): WidgetHandle {
    if (!type || (MINI_PROGRAM_WIDGETS as readonly string[]).indexOf(type) < 0) {
      throw new Error('createWidget: "' + String(type) + '" is not a mini-program widget (docs: reference/device-app-api/newAPI/ui/widget)');
    }
    const node: WidgetNode = {
      id: this.nextId++, type, props: Object.assign({}, opts || {}), parent, children: [], deleted: false, listeners: {},
    };
    (parent ? parent.children : this.roots).push(node);
    return this.handle(node);
  }

  handle(node: WidgetNode): WidgetHandle {
    const tree = this;
    return {
      __node: node,
      setProperty(name: string, value: unknown) {
        if (name === prop.MORE) {
          if (value && typeof value === 'object') Object.assign(node.props, value as Record<string, unknown>);
        } else {
          node.props[name] = value;
        }
      },
      getProperty(name: string) {
        return name === prop.MORE ? Object.assign({}, node.props) : node.props[name];
      },
      addEventListener(name: string, cb: (info: unknown) => void) {
        (node.listeners[name] = node.listeners[name] || []).push(cb);
      },
      removeEventListener(name: string, cb: (info: unknown) => void) {
        node.listeners[name] = (node.listeners[name] || []).filter((f) => f !== cb);
      },
      createWidget(type: string, opts: Record<string, unknown>) {
        return tree.create(type, opts, node);
      },
    };
  }

  delete(handle: WidgetHandle | null | undefined): void {
    if (!handle || !handle.__node) return;
    const node = handle.__node;
    node.deleted = true;
    const list = node.parent ? node.parent.children : this.roots;
    const i = list.indexOf(node);
    if (i >= 0) list.splice(i, 1);
  }

  clear(): void {
    this.roots.length = 0;
  }

  /** Every live widget, depth first. */
  all(): WidgetNode[] {
    const out: WidgetNode[] = [];
    const walk = (nodes: WidgetNode[]) => {
      for (const n of nodes) {
        out.push(n);
        walk(n.children);
      }
    };
    walk(this.roots);
    return out;
  }

  visible(): WidgetNode[] {
    return this.all().filter((n) => n.props.visible !== false && !hasHiddenAncestor(n));
  }

  /** The texts a person would read on the screen, in creation order. */
  texts(): string[] {
    return this.visible()
      .filter((n) => (n.type === widget.TEXT || n.type === widget.BUTTON) && typeof n.props.text === 'string' && n.props.text !== '')
      .map((n) => n.props.text as string);
  }

  /** The visible button whose text matches. Throws if there is none. */
  findButton(match: string | RegExp): WidgetNode {
    const buttons = this.visible().filter((n) => n.type === widget.BUTTON || n.listeners[event.CLICK_UP]);
    const hit = buttons.find((n) => {
      const t = typeof n.props.text === 'string' ? (n.props.text as string) : '';
      return typeof match === 'string' ? t === match : match.test(t);
    });
    if (!hit) {
      throw new Error(`no visible button "${String(match)}"; buttons: ${buttons.map((b) => JSON.stringify(b.props.text)).join(', ')}`);
    }
    return hit;
  }

  /** Presses the visible button whose text matches, as a tap would. Throws if there is none. */
  click(match: string | RegExp): void {
    this.press(this.findButton(match));
  }

  /** The visible button with this widget id (the simulator page's click). Throws if there is none. */
  findById(id: number): WidgetNode {
    const hit = this.visible().find((n) => n.id === id);
    if (!hit || !(hit.type === widget.BUTTON || hit.listeners[event.CLICK_UP])) throw new Error(`no visible button with id ${id}`);
    return hit;
  }

  /** Presses the visible button with this widget id (the simulator page's click). Throws if there is none. */
  clickById(id: number): void {
    this.press(this.findById(id));
  }

  press(hit: WidgetNode): void {
    const fn = hit.props.click_func;
    if (typeof fn === 'function') fn(this.handle(hit));
    for (const cb of hit.listeners[event.CLICK_UP] || []) cb({ x: hit.props.x, y: hit.props.y });
  }
}

function hasHiddenAncestor(n: WidgetNode): boolean {
  for (let p = n.parent; p; p = p.parent) if (p.props.visible === false) return true;
  return false;
}

/** The @zos/ui module object bound to one tree. */
export function createUiModule(tree: WidgetTree) {
  return {
    widget, prop, align, text_style, event,
    createWidget: (type: string, opts?: Record<string, unknown>) => tree.create(type, opts, null),
    deleteWidget: (w: WidgetHandle) => tree.delete(w),
    setStatusBarVisible: (_visible: boolean) => undefined,
    updateStatusBarTitle: (_title: string) => undefined,
    getTextLayout: (text: string, opts: { text_size?: number; text_width?: number }) => {
      const size = (opts && opts.text_size) || 24;
      const width = (opts && opts.text_width) || 480;
      const perLine = Math.max(1, Math.floor(width / (size * 0.55)));
      return { width: Math.min(width, String(text).length * size * 0.55), height: Math.ceil(String(text).length / perLine) * size * 1.3 };
    },
    redraw: () => undefined,
  };
}

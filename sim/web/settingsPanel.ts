// The phone's Settings App on the `npm start` page: the real settings page bundle running in the
// Settings App runtime (sim/settings/runtime.ts) over the simulated phone's settings storage,
// drawn in the phone panel by public/settingsPanel.js, which sends clicks and typed text back.
//
//   GET  /api/settings   { tree, renders, errors }: the drawn component tree (ids by position)
//   POST /api/settings   { id, type, label, kind: "click" } or { ..., kind: "change", value }
//                        acts on node `id`, after checking it is still the `type`/`label` the
//                        person saw (the page may have redrawn meanwhile: then 409)
import * as z from 'zod/mini';
import { SettingsApp, labelOf, type SettingsNode, type SettingsStorageApi } from '../settings/runtime';

export const settingsActSchema = z.strictObject({
  id: z.string().check(z.regex(/^0(\.\d{1,4}){0,40}$/)),
  type: z.string().check(z.maxLength(20)),
  label: z.string().check(z.maxLength(400)),
  kind: z.enum(['click', 'change']),
  value: z.optional(z.union([z.string().check(z.maxLength(4000)), z.number(), z.boolean(), z.array(z.string().check(z.maxLength(200))).check(z.maxLength(50))])),
});
export type SettingsAct = z.infer<typeof settingsActSchema>;

export interface SettingsPanel {
  state(): { tree: ReturnType<SettingsApp['drawn']> | null; renders: number; errors: string[] };
  /** Throws Error with `status` 409 when the node is no longer what the person saw. */
  act(a: SettingsAct): { ok: true };
  close(): void;
}

export async function openSettingsPanel(storage: SettingsStorageApi): Promise<SettingsPanel> {
  const app = await SettingsApp.open({ storage });
  const nodeAt = (id: string): SettingsNode | null => {
    let node: SettingsNode | { type: '#text' } = app.tree;
    for (const i of id.split('.').slice(1).map(Number)) {
      if (node.type === '#text') return null;
      const next: SettingsNode['children'][number] | undefined = (node as SettingsNode).children[i];
      if (!next) return null;
      node = next as SettingsNode | { type: '#text' };
    }
    return node.type === '#text' ? null : (node as SettingsNode);
  };
  return {
    state() {
      app.refresh();
      let tree = null;
      try {
        tree = app.drawn();
      } catch (e) {
        tree = null;
      }
      return { tree, renders: app.renders, errors: app.errors.slice(-3).map((e) => String(e).slice(0, 200)) };
    },
    act(a) {
      app.refresh();
      const node = nodeAt(a.id);
      if (!node || node.type !== a.type || labelOf(node) !== a.label) {
        throw Object.assign(new Error('the settings page changed before that reached it; try again'), { status: 409 });
      }
      if (a.kind === 'click') app.act(a.id, { kind: 'click' });
      else app.act(a.id, { kind: 'change', value: a.value === undefined ? '' : a.value });
      return { ok: true };
    },
    close() {
      app.close();
    },
  };
}

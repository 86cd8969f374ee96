// Settings App (phone UI) globals. Only companion/tsconfig.json sees these: `Text` would clash
// with the DOM's Text in the Node-side tsconfig.
/** Settings App (phone UI) components: each returns a render node. */
type SettingsNode = unknown;
declare function View(props: Record<string, unknown>, children?: SettingsNode[] | SettingsNode): SettingsNode;
declare function Text(props: Record<string, unknown>, children?: string | SettingsNode[]): SettingsNode;
declare function Button(props: Record<string, unknown>): SettingsNode;
declare function TextInput(props: Record<string, unknown>): SettingsNode;
declare function Toggle(props: Record<string, unknown>): SettingsNode;
declare function Section(props: Record<string, unknown>, children?: SettingsNode[]): SettingsNode;

// Globals the Zepp OS side service runtime provides (not covered by ZML's typings).
declare function AppSideService(option: Record<string, unknown>): unknown;
declare function AppSettingsPage(option: Record<string, unknown>): unknown;
/** Side-service settings storage (strings only), shared with the Settings App page. */
declare const settings: {
  settingsStorage: {
    getItem(key: string): string | null;
    setItem(key: string, value: string): void;
    removeItem(key: string): void;
    clear(): void;
    length?: number;
    key?(index: number): string | null;
    toObject?(): Record<string, unknown>;
    addListener?(name: 'change', cb: (e: { key: string; newValue: string | null; oldValue: string | null }) => void): void;
  };
};
/** The side service's fetch: one options object in, `{ status, body }` out (body may be a string). */
declare function fetch(options: {
  url: string;
  method: string;
  headers?: Record<string, string>;
  body?: string;
  timeout?: number;
}): Promise<{ status: number; body?: unknown }>;

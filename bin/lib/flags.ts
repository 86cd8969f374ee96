// Command-line flags for the bfr-coach commands: `--name value` or `--name=value`, each value
// checked with its zod/mini schema, boolean flags without a value. Errors name the flag.
import * as z from 'zod/mini';

export interface ParsedFlags<K extends string> {
  values: Partial<Record<K, string>>;
  booleans: Record<string, boolean>;
}

export function parseFlags<K extends string>(
  args: string[],
  schemas: Record<K, z.ZodMiniType<string>>,
  booleanFlags: ReadonlyArray<string> = [],
  describe: (issues: z.core.$ZodIssue[]) => string = (issues) => (issues[0] ? issues[0].message : 'bad value'),
): ParsedFlags<K> {
  const values: Partial<Record<K, string>> = {};
  const booleans: Record<string, boolean> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m) throw new Error('unexpected argument "' + arg + '"');
    const name = m[1];
    if (booleanFlags.indexOf(name) >= 0) {
      if (m[2] !== undefined) throw new Error('--' + name + ' takes no value');
      booleans[name] = true;
      continue;
    }
    if (!Object.prototype.hasOwnProperty.call(schemas, name)) throw new Error('unknown flag --' + name);
    if (values[name as K] !== undefined) throw new Error('--' + name + ' given twice');
    const value = m[2] !== undefined ? m[2] : args[++i];
    if (value === undefined || (m[2] === undefined && value.startsWith('--'))) throw new Error('--' + name + ' needs a value');
    const parsed = z.safeParse(schemas[name as K], value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(issue && issue.message && issue.message !== 'Invalid input' ? issue.message : '--' + name + ': ' + describe(parsed.error.issues));
    }
    values[name as K] = value;
  }
  return { values, booleans };
}

/** Resolves on Ctrl-C (SIGINT) or SIGTERM, once. */
export function untilInterrupted(): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

// The bfr-coach command table. Each command lives in bin/commands/<name>.ts and exports
// `run(args: string[]): Promise<number>` (the exit code); it is required only when called
// (require, not import(): tsx's CommonJS hook resolves .ts files for it).
export interface Command {
  summary: string;
  usage: string;
  load: () => Promise<{ run: (args: string[]) => Promise<number>; usage?: unknown }>;
}

export const commands: Record<string, Command> = {
  latency: {
    summary: 'controller-to-watch pressure latency through the simulated system (real time)',
    usage: 'bfr-coach latency [--seconds N] [--json]',
    load: async () => require('./commands/latency'),
  },
  version: {
    summary: 'print the version',
    usage: 'bfr-coach version',
    load: async () => require('./commands/version'),
  },
  controller: {
    summary: 'run the cuff controller simulator (HTTP on 127.0.0.1)',
    usage: 'bfr-coach controller [--port N] [--token T] [--cuffs arm,leg] [--seed S] [--speed X] [--verbose]',
    load: async () => require('./commands/controller'),
  },
  eval: { summary: 'accuracy of the motion counters on labelled traces', usage: 'bfr-coach eval --data DIR [--folds participant] [--invariance] [--json] [--min-within1 X] [--max-mae X] [--max-rest-false N] [--max-mape X] ...', load: async () => require('./commands/eval') },
  soak: {
    summary: 'randomised end-to-end runs under faults; counts lost sessions and late deflates',
    usage: 'bfr-coach soak [--runs N] [--seed S] [--full FRACTION] [--json]',
    load: async () => require('./commands/soak'),
  },
  start: { summary: 'the simulated product with a live page on http://127.0.0.1:8080 (npm start)', usage: 'bfr-coach start [--port N] [--speed N] [--seed S] [--shape round|square] [--trace FILE]', load: async () => require('./commands/start') },
  simulate: { summary: 'run one program headless on the simulated system, JSON summary', usage: 'bfr-coach simulate --program ID [--speed N|max] [--seed S] [--shape round|square] [--trace FILE] [--faults SPEC] [--effort N] [--json]', load: async () => require('./commands/simulate') },
  bench: { summary: 'cost of the motion counters per sample (Node and QuickJS)', usage: 'bfr-coach bench [--json] [--samples N]', load: async () => require('./commands/bench') },
};

export function helpText(): string {
  const names = Object.keys(commands);
  const width = Math.max(...names.map((n) => n.length));
  const lines = [
    'bfr-coach - blood flow restriction training coach (watch app, phone bridge, simulator)',
    '',
    'usage: bfr-coach <command> [options]    (bfr-coach <command> --help for its options)',
    '',
    'commands:',
    ...names.map((n) => `  ${n.padEnd(width)}  ${commands[n].summary}`),
  ];
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(helpText());
    return 0;
  }
  const command = Object.prototype.hasOwnProperty.call(commands, name) ? commands[name] : undefined;
  if (!command) {
    console.error(`bfr-coach: unknown command "${name}"\n\n${helpText()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    // A command's own usage text (with every flag explained) when it exports one.
    const mod = await command.load();
    console.log(typeof mod.usage === 'string' ? mod.usage : command.usage);
    return 0;
  }
  const mod = await command.load();
  return mod.run(rest);
}

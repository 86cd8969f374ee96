// bfr-coach controller: runs the cuff controller simulator (a real HTTP server on loopback)
// until Ctrl-C, and prints its URL and token.
import { randomBytes } from 'node:crypto';
import * as z from 'zod/mini';
import { MAX_CUFFS, describeIssues } from '../../shared/protocol/controller';
import { deflateAll, limbOfCuffId } from '../../sim/controller/pneumatics';
import { startControllerServer } from '../../sim/controller/server';

export const usage = [
  'usage: bfr-coach controller [--port N] [--token T] [--cuffs arm,leg] [--seed S] [--speed X] [--verbose]',
  '',
  '  --port N       TCP port on 127.0.0.1 (default 8787; 0 = any free port)',
  '  --token T      bearer token clients must send (default: a random one, printed)',
  '  --cuffs LIST   cuff ids, comma-separated: arm, leg, or with a suffix (arm-left) (default arm,leg)',
  '  --seed S       seed of the pneumatic model (default 1): same seed, same limbs and noise',
  '  --speed X      controller seconds per real second (default 1; 60 = a minute per second)',
  '  --verbose      log one line per request',
].join('\n');

const intString = (name: string, max: number) =>
  z.string().check(
    z.refine((s) => /^\d{1,10}$/.test(s) && Number(s) <= max, { message: name + ': expected a whole number from 0 to ' + max }),
  );

const flagSchemas = {
  port: intString('--port', 65535),
  token: z.string().check(z.refine((s) => /^[A-Za-z0-9._~+/=-]{4,128}$/.test(s), { message: '--token: 4-128 characters of A-Z a-z 0-9 . _ ~ + / = -' })),
  cuffs: z.string().check(
    z.refine(
      (s) => {
        const ids = s.split(',');
        return ids.length >= 1 && ids.length <= MAX_CUFFS && ids.every((id) => limbOfCuffId(id) !== null) && new Set(ids).size === ids.length;
      },
      { message: '--cuffs: 1-' + MAX_CUFFS + ' distinct ids, each arm or leg with an optional suffix (arm,leg or arm-left,arm-right)' },
    ),
  ),
  seed: intString('--seed', 4294967295),
  speed: z.string().check(
    z.refine((s) => /^\d+(\.\d+)?$/.test(s) && Number(s) > 0 && Number(s) <= 1000, { message: '--speed: expected a number above 0 and at most 1000' }),
  ),
};
type ValueFlag = keyof typeof flagSchemas;
const BOOLEAN_FLAGS = ['verbose'] as const;

export interface ControllerFlags {
  port: number;
  token: string | undefined;
  cuffs: string[];
  seed: number;
  speed: number;
  verbose: boolean;
}

/** Parses the flags; throws an Error whose message names the bad flag. */
export function parseControllerFlags(args: string[]): ControllerFlags {
  const raw: Partial<Record<ValueFlag, string>> = {};
  let verbose = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m) throw new Error('unexpected argument "' + arg + '"');
    const name = m[1];
    if ((BOOLEAN_FLAGS as readonly string[]).indexOf(name) >= 0) {
      if (m[2] !== undefined) throw new Error('--' + name + ' takes no value');
      verbose = true;
      continue;
    }
    if (!Object.prototype.hasOwnProperty.call(flagSchemas, name)) throw new Error('unknown flag --' + name);
    const value = m[2] !== undefined ? m[2] : args[++i];
    if (value === undefined || (m[2] === undefined && value.startsWith('--'))) throw new Error('--' + name + ' needs a value');
    const parsed = flagSchemas[name as ValueFlag].safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(issue && issue.message && issue.message !== 'Invalid input' ? issue.message : '--' + name + ': ' + describeIssues(parsed.error.issues));
    }
    raw[name as ValueFlag] = value;
  }
  return {
    port: raw.port === undefined ? 8787 : Number(raw.port),
    token: raw.token,
    cuffs: raw.cuffs === undefined ? ['arm', 'leg'] : raw.cuffs.split(','),
    seed: raw.seed === undefined ? 1 : Number(raw.seed),
    speed: raw.speed === undefined ? 1 : Number(raw.speed),
    verbose,
  };
}

export async function run(args: string[]): Promise<number> {
  let flags: ControllerFlags;
  try {
    flags = parseControllerFlags(args);
  } catch (e) {
    console.error('bfr-coach controller: ' + (e instanceof Error ? e.message : String(e)) + '\n\n' + usage);
    return 2;
  }
  const token = flags.token || randomBytes(12).toString('base64url');
  let server;
  try {
    server = await startControllerServer({
      port: flags.port,
      token,
      cuffs: flags.cuffs,
      seed: flags.seed,
      timeScale: flags.speed,
      verbose: flags.verbose,
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err && err.code === 'EADDRINUSE' ? 'port ' + flags.port + ' is in use (try --port 0)' : err && err.message ? err.message : String(e);
    console.error('bfr-coach controller: cannot start: ' + why);
    return 1;
  }
  const s = server;
  console.log('cuff controller simulator listening on ' + s.url);
  console.log('token:  ' + token);
  console.log('cuffs:  ' + s.model.cuffs.map((c) => c.id + ' (' + c.limb + ')').join(', ') + '   seed ' + flags.seed + '   speed x' + flags.speed);
  console.log('try:    curl -H "Authorization: Bearer ' + token + '" ' + s.url + '/v1/status');
  console.log('Ctrl-C to stop (the cuffs deflate first)');
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  s.sync();
  deflateAll(s.model); // as a real controller does when switched off
  await s.close();
  console.log('controller simulator stopped');
  return 0;
}

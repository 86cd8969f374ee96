// bfr-coach controller: runs the cuff controller simulator (a real HTTP server on loopback)
// until Ctrl-C, and prints its URL and token.
import { randomBytes } from 'node:crypto';
import * as z from 'zod/mini';
import { MAX_CUFFS, describeIssues } from '../../shared/protocol/controller';
import { deflateAll, limbOfCuffId } from '../../sim/controller/pneumatics';
import { startControllerServer } from '../../sim/controller/server';
import { parseFlags, untilInterrupted } from '../lib/flags';

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
  const { values: raw, booleans } = parseFlags(args, flagSchemas, BOOLEAN_FLAGS, describeIssues);
  const verbose = booleans.verbose === true;
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
  await untilInterrupted();
  s.sync();
  deflateAll(s.model); // as a real controller does when switched off
  await s.close();
  console.log('controller simulator stopped');
  return 0;
}

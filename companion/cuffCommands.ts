// Cuff commands from the watch, checked again here against the shared safety rules before the
// controller hears of them: the phone refuses what the rules forbid even if the watch asked
// (a wrong or old watch build, a corrupted message). The phone turns % LOP into mmHg with the
// LOP it holds, and answers a repeated request id with the first result, so the watch may
// retry safely.
//
// The phone also keeps its own inflation clock for every cuff, from what it commanded and from
// the controller's telemetry, whatever the watch believes: an inflate past the occlusion budget
// (arm 15 min, leg 20 min, restored only by 3 min down) is refused, and a cuff still up when its
// budget runs out is deflated by the phone itself. Per cuff, not per limb: two cuffs on the same
// limb each have their own clock.
import type { CuffCommandRequest, CuffCommandResult } from '../shared/protocol/cuffCommand';
import type { Limb } from '../shared/protocol/common';
import { checkCuffCommand } from '../shared/safety/checkCuffCommand';
import { budgetAfterDeflate, budgetAfterInflate, freshBudget, mustDeflateForBudget, occlusionUsedMs, type OcclusionBudget } from '../shared/safety/occlusionBudget';
import type { Reading } from '../shared/protocol/controller';
import { ControllerError, type ControllerClient, type DeflateAllOptions } from './controllerClient';
import type { EventLog } from './eventLog';
import type { PhoneConfig } from './phoneConfig';

const RESULT_CACHE = 64;
/** A reading above this means air is in the cuff, whatever we believe we commanded. */
export const INFLATED_MMHG = 20;

/** A dictionary with no prototype: a cuff id such as "constructor" is just a key. */
function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** Air in the cuff by this reading (a LOP measurement counts: it occludes too). */
export function readingShowsUp(r: Reading): boolean {
  return r.pressureMmHg > INFLATED_MMHG || r.state === 'inflating' || r.state === 'holding' || r.state === 'measuring';
}

export class CuffCommands {
  private readonly commandedUp = dict<boolean>();
  private readonly lastReading = dict<Reading>();
  /** The phone's own inflation clock per cuff (same conservative rule as the watch's). */
  private readonly clocks = dict<OcclusionBudget>();
  private readonly guardInFlight = dict<boolean>();
  private readonly results: Array<{ id: string; result: Promise<CuffCommandResult> }> = [];
  readonly counts = { handled: 0, refused: 0, failed: 0, repeated: 0, budgetDeflates: 0 };

  constructor(
    private readonly client: () => ControllerClient | null,
    private readonly config: PhoneConfig,
    private readonly log: EventLog,
    private readonly now: () => number,
  ) {}

  handle(request: CuffCommandRequest): Promise<CuffCommandResult> {
    const cached = this.results.find((r) => r.id === request.id);
    if (cached) {
      this.counts.repeated++;
      return cached.result;
    }
    const result = this.run(request);
    this.results.push({ id: request.id, result });
    if (this.results.length > RESULT_CACHE) this.results.shift();
    return result;
  }

  private reply(request: CuffCommandRequest, extra: Partial<CuffCommandResult>): CuffCommandResult {
    return { v: 1, kind: 'cuffCommandResult', id: request.id, ok: true, ...extra };
  }

  private failure(request: CuffCommandRequest, code: 'refused' | 'controllerUnreachable' | 'controllerError' | 'badRequest', message: string): CuffCommandResult {
    if (code === 'refused') this.counts.refused++;
    else this.counts.failed++;
    return { v: 1, kind: 'cuffCommandResult', id: request.id, ok: false, error: { code, message: message.slice(0, 200) } };
  }

  /** The phone's inflation clock of one cuff (fresh when never seen up). */
  clockOf(cuffId: string): OcclusionBudget {
    return this.clocks[cuffId] || freshBudget;
  }

  /** Inflated ms the phone counts against this cuff's budget right now. */
  occlusionMs(cuffId: string): number {
    return occlusionUsedMs(this.clockOf(cuffId), this.now());
  }

  private async run(request: CuffCommandRequest): Promise<CuffCommandResult> {
    this.counts.handled++;
    const command = request.command;
    const client = this.client();
    const now = this.now();
    const cuffs = this.config.cuffs();
    if (command.type !== 'deflateAll' && !cuffs.some((c) => c.cuffId === command.cuffId)) {
      return this.failure(request, 'refused', 'unknown cuff ' + command.cuffId);
    }
    const cuffBudgets = dict<OcclusionBudget>();
    for (const id of Object.keys(this.clocks)) cuffBudgets[id] = this.clocks[id];
    const verdict = checkCuffCommand(command, {
      cuffs: cuffs.map((c) => ({ cuffId: c.cuffId, limb: c.limb, lopMmHg: c.lopMmHg })),
      screening: this.config.screening(),
      cuffBudgets,
      nowMs: now,
    });
    if (!verdict.ok) {
      this.log.add('refused', command.type + ': ' + verdict.reason);
      return this.failure(request, 'refused', verdict.reason);
    }
    if (!client) return this.failure(request, 'controllerUnreachable', 'no controller set on the phone');
    try {
      switch (command.type) {
        case 'measureLop': {
          const lop = await client.measureLop(command.cuffId, 'seated');
          this.config.saveLop(command.cuffId, lop.lopMmHg);
          return this.reply(request, { lopMmHg: Math.round(lop.lopMmHg) });
        }
        case 'inflate': {
          const target = verdict.targetMmHg as number;
          // The clock starts when the command leaves (the earliest the cuff can go up); if the
          // command fails, telemetry decides whether it went up anyway.
          this.setCommanded(command.cuffId, true, now);
          try {
            await client.inflate(command.cuffId, target);
          } catch (e) {
            this.setCommanded(command.cuffId, false, this.now());
            throw e;
          }
          return this.reply(request, { targetMmHg: target });
        }
        case 'deflate':
          await client.deflate(command.cuffId);
          this.setCommanded(command.cuffId, false, this.now());
          return this.reply(request, {});
        case 'deflateAll':
          // The watch's own request: the client's hardest retries.
          await this.deflateAll('watch asked', {});
          return this.reply(request, {});
      }
    } catch (e) {
      const err = e instanceof ControllerError ? e : null;
      const unreachable = err !== null && (err.kind === 'network' || err.kind === 'timeout');
      return this.failure(request, unreachable ? 'controllerUnreachable' : 'controllerError', e instanceof Error ? e.message : String(e));
    }
    return this.failure(request, 'badRequest', 'unknown command');
  }

  private limbOf(cuffId: string): Limb {
    const cuff = this.config.cuffs().find((c) => c.cuffId === cuffId);
    // A cuff the settings do not name gets the stricter (arm, 15 min) budget.
    return cuff ? cuff.limb : 'arm';
  }

  private setCommanded(cuffId: string, up: boolean, atMs: number): void {
    this.commandedUp[cuffId] = up;
    this.updateClock(cuffId, atMs);
  }

  /** Up while commanded up or while telemetry shows air in it; the clock follows. */
  private updateClock(cuffId: string, atMs: number): void {
    const reading = this.lastReading[cuffId];
    const up = this.commandedUp[cuffId] === true || (reading !== undefined && readingShowsUp(reading));
    const clock = this.clockOf(cuffId);
    if (up && clock.inflatedSinceMs === null) this.clocks[cuffId] = budgetAfterInflate(clock, atMs);
    else if (!up && clock.inflatedSinceMs !== null) this.clocks[cuffId] = budgetAfterDeflate(clock, Math.max(atMs, clock.inflatedSinceMs));
  }

  /**
   * Deflates every cuff; the safety action. Without options the client retries it hardest; the
   * dead-man passes its own per-try timeout and no retries (it schedules the tries itself).
   */
  async deflateAll(why: string, options?: DeflateAllOptions): Promise<void> {
    const client = this.client();
    if (!client) throw new Error('no controller set on the phone');
    await client.deflateAll(options);
    const now = this.now();
    for (const id of Object.keys(this.commandedUp)) this.setCommanded(id, false, now);
    if (why !== 'watch asked') this.log.add('deflateAll', why);
  }

  noteReadings(readings: ReadonlyArray<Reading>): void {
    const now = this.now();
    for (let i = 0; i < readings.length; i++) {
      this.lastReading[readings[i].cuffId] = readings[i];
      this.updateClock(readings[i].cuffId, now);
    }
    this.guardBudgets(now);
  }

  /**
   * Deflates, by the phone's own clock, any cuff whose budget is spent (1.5 s before it, as the
   * engine does). Runs with every telemetry batch; one deflate per cuff in flight at a time.
   */
  guardBudgets(now = this.now()): void {
    const client = this.client();
    if (!client) return;
    for (const id of Object.keys(this.clocks)) {
      const clock = this.clocks[id];
      if (clock.inflatedSinceMs === null) continue;
      const limb = this.limbOf(id);
      if (!mustDeflateForBudget(limb, clock, now) || this.guardInFlight[id]) continue;
      this.guardInFlight[id] = true;
      this.counts.budgetDeflates++;
      const usedS = Math.round(occlusionUsedMs(clock, now) / 1000);
      client.deflate(id).then(
        () => {
          this.guardInFlight[id] = false;
          this.setCommanded(id, false, this.now());
          this.log.add('budgetDeflate', 'cuff ' + id + ' up ' + usedS + ' s: ' + limb + ' occlusion budget spent (phone clock)');
        },
        () => {
          // Tried again with the next telemetry batch.
          this.guardInFlight[id] = false;
        },
      );
    }
  }

  /**
   * Any cuff commanded up, or reading as pressurised, or being pumped. A LOP measurement is
   * not counted: the controller runs it to the end and deflates by itself, and cutting it
   * short would only make the trainee measure again.
   */
  anyInflated(): boolean {
    for (const id of Object.keys(this.commandedUp)) if (this.commandedUp[id]) return true;
    for (const id of Object.keys(this.lastReading)) {
      const r = this.lastReading[id];
      if (r.state === 'measuring') continue;
      if (r.pressureMmHg > INFLATED_MMHG || r.state === 'inflating' || r.state === 'holding') return true;
    }
    return false;
  }
}

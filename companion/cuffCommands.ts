// Cuff commands from the watch, checked again here against the shared safety rules before the
// controller hears of them: the phone refuses what the rules forbid even if the watch asked
// (a wrong or old watch build, a corrupted message). The phone turns % LOP into mmHg with the
// LOP it holds, tracks each limb's occlusion budget, and answers a repeated request id with
// the first result, so the watch may retry safely.
import type { CuffCommandRequest, CuffCommandResult } from '../shared/protocol/cuffCommand';
import type { Limb } from '../shared/protocol/common';
import { checkCuffCommand } from '../shared/safety/checkCuffCommand';
import { budgetAfterDeflate, budgetAfterInflate, freshBudget, type OcclusionBudget } from '../shared/safety/occlusionBudget';
import type { Reading } from '../shared/protocol/controller';
import { ControllerError, type ControllerClient } from './controllerClient';
import type { EventLog } from './eventLog';
import type { PhoneConfig } from './phoneConfig';

const RESULT_CACHE = 64;
/** A reading above this means air is in the cuff, whatever we believe we commanded. */
export const INFLATED_MMHG = 20;

export class CuffCommands {
  private readonly budgets: Record<Limb, OcclusionBudget> = { arm: freshBudget, leg: freshBudget };
  private readonly commandedUp: Record<string, boolean> = {};
  private readonly lastReading: Record<string, Reading> = {};
  private readonly results: Array<{ id: string; result: Promise<CuffCommandResult> }> = [];
  readonly counts = { handled: 0, refused: 0, failed: 0, repeated: 0 };

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

  private async run(request: CuffCommandRequest): Promise<CuffCommandResult> {
    this.counts.handled++;
    const command = request.command;
    const client = this.client();
    const now = this.now();
    const cuffs = this.config.cuffs();
    if (command.type !== 'deflateAll' && !cuffs.some((c) => c.cuffId === command.cuffId)) {
      return this.failure(request, 'refused', 'unknown cuff ' + command.cuffId);
    }
    const verdict = checkCuffCommand(command, {
      cuffs: cuffs.map((c) => ({ cuffId: c.cuffId, limb: c.limb, lopMmHg: c.lopMmHg })),
      screening: this.config.screening(),
      budgets: this.budgets,
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
          await client.inflate(command.cuffId, target);
          this.markUp(command.cuffId, true);
          return this.reply(request, { targetMmHg: target });
        }
        case 'deflate':
          await client.deflate(command.cuffId);
          this.markUp(command.cuffId, false);
          return this.reply(request, {});
        case 'deflateAll':
          await this.deflateAll('watch asked');
          return this.reply(request, {});
      }
    } catch (e) {
      const err = e instanceof ControllerError ? e : null;
      const unreachable = err !== null && (err.kind === 'network' || err.kind === 'timeout');
      return this.failure(request, unreachable ? 'controllerUnreachable' : 'controllerError', e instanceof Error ? e.message : String(e));
    }
    return this.failure(request, 'badRequest', 'unknown command');
  }

  private limbOf(cuffId: string): Limb | null {
    const cuff = this.config.cuffs().find((c) => c.cuffId === cuffId);
    return cuff ? cuff.limb : null;
  }

  private markUp(cuffId: string, up: boolean): void {
    const limb = this.limbOf(cuffId);
    const now = this.now();
    this.commandedUp[cuffId] = up;
    if (limb) this.budgets[limb] = up ? budgetAfterInflate(this.budgets[limb], now) : budgetAfterDeflate(this.budgets[limb], now);
  }

  /** Deflates every cuff; the safety action, so the client retries it hardest. */
  async deflateAll(why: string): Promise<void> {
    const client = this.client();
    if (!client) throw new Error('no controller set on the phone');
    await client.deflateAll();
    for (const id of Object.keys(this.commandedUp)) this.markUp(id, false);
    if (why !== 'watch asked') this.log.add('deflateAll', why);
  }

  noteReadings(readings: ReadonlyArray<Reading>): void {
    for (let i = 0; i < readings.length; i++) this.lastReading[readings[i].cuffId] = readings[i];
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

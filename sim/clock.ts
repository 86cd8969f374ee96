// Clocks for the simulated devices. Every timer in the Node Zepp runtime and the side-service
// runtime goes through one of these, so a test can run a 20-minute session in milliseconds
// (VirtualClock) and the simulator can run at 60x (ScaledClock).

export interface Clock {
  now(): number;
  setTimer(fn: () => void, delayMs: number, repeat: boolean): number;
  clearTimer(id: number): void;
}

interface Timer {
  id: number;
  due: number;
  every: number;
  fn: () => void;
}

/** Time moves only when the test says so; timers fire in due order, microtasks run between them. */
export class VirtualClock implements Clock {
  private t: number;
  private nextId = 1;
  private timers: Timer[] = [];
  /** Errors thrown by timer callbacks: a device would log them; tests assert there are none. */
  readonly errors: unknown[] = [];

  constructor(startMs = Date.UTC(2026, 0, 5, 9, 0, 0)) {
    this.t = startMs;
  }

  now(): number {
    return this.t;
  }

  setTimer(fn: () => void, delayMs: number, repeat: boolean): number {
    const every = Math.max(1, Number(delayMs) || 0);
    const id = this.nextId++;
    this.timers.push({ id, due: this.t + (repeat ? every : Math.max(0, Number(delayMs) || 0)), every: repeat ? every : 0, fn });
    return id;
  }

  clearTimer(id: number): void {
    this.timers = this.timers.filter((t) => t.id !== id);
  }

  pending(): number {
    return this.timers.length;
  }

  /** Advances time by ms, firing due timers in order and letting promises settle after each. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    await flushMicrotasks();
    for (;;) {
      let next: Timer | null = null;
      for (const t of this.timers) if (t.due <= end && (!next || t.due < next.due || (t.due === next.due && t.id < next.id))) next = t;
      if (!next) break;
      this.t = Math.max(this.t, next.due);
      if (next.every) next.due += next.every;
      else this.timers = this.timers.filter((t) => t !== next);
      try {
        next.fn();
      } catch (e) {
        this.errors.push(e);
      }
      await flushMicrotasks();
    }
    this.t = end;
    await flushMicrotasks();
  }
}

/** Real time, optionally sped up: `timeScale` 60 makes a 2-minute phase pass in 2 s. */
export class ScaledClock implements Clock {
  private readonly start = Date.now();
  private readonly handles = new Map<number, ReturnType<typeof setTimeout>>();
  private nextId = 1;
  readonly errors: unknown[] = [];

  constructor(
    private readonly timeScale = 1,
    private readonly origin = Date.now(),
  ) {}

  now(): number {
    return this.origin + (Date.now() - this.start) * this.timeScale;
  }

  setTimer(fn: () => void, delayMs: number, repeat: boolean): number {
    const id = this.nextId++;
    const real = Math.max(0, (Number(delayMs) || 0) / this.timeScale);
    const run = () => {
      try {
        fn();
      } catch (e) {
        this.errors.push(e);
      }
    };
    const handle = repeat ? setInterval(run, Math.max(1, real)) : setTimeout(() => { this.handles.delete(id); run(); }, real);
    this.handles.set(id, handle);
    return id;
  }

  clearTimer(id: number): void {
    const h = this.handles.get(id);
    if (h !== undefined) {
      clearTimeout(h);
      clearInterval(h);
      this.handles.delete(id);
    }
  }

  clearAll(): void {
    for (const id of [...this.handles.keys()]) this.clearTimer(id);
  }
}

/** Lets every queued promise callback (and those they queue) run. */
export async function flushMicrotasks(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

const PACE_STEP_MS = 200;

/**
 * Virtual time paced to real time x speed, for the simulator at its chosen speed. It advances
 * in steps of at most 200 ms and lets real I/O (loopback HTTP to the controller) finish
 * between steps, so on a busy machine simulated time slows down instead of running ahead of
 * the work it simulates (a real-time clock sped up 60x would time requests out instead).
 */
export class PacedClock extends VirtualClock {
  private running = false;
  private realStart = 0;
  private simStart = 0;

  constructor(readonly speed: number, startMs = Date.now()) {
    super(startMs);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.realStart = Date.now();
    this.simStart = this.now();
    void this.loop();
  }

  stop(): void {
    this.running = false;
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const due = this.simStart + (Date.now() - this.realStart) * this.speed;
      if (this.now() < due) {
        await this.advance(Math.min(PACE_STEP_MS, due - this.now()));
        await new Promise((resolve) => setImmediate(resolve));
      } else {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
  }
}

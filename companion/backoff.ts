// Exponential backoff and bounded retries for the side service's HTTP calls. Platform-free
// apart from the timers in ./timers (the side service, Node and tests all have setTimeout).

export interface BackoffPolicy {
  /** Delay before the first retry. */
  baseMs: number;
  /** No delay is longer than this. */
  maxMs: number;
  /** Growth per attempt (2 = doubling). */
  factor: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 250, maxMs: 5000, factor: 2 };

/**
 * Delay before retry number `attempt` (0 = the first retry): baseMs x factor^attempt, capped
 * at maxMs. With `random` (0..1) it is "equal jitter": half fixed, half random, so many
 * phones retrying after a controller reboot do not arrive in lockstep.
 */
export function backoffDelayMs(policy: BackoffPolicy, attempt: number, random?: () => number): number {
  const n = Math.max(0, Math.floor(attempt));
  const raw = Math.min(policy.maxMs, policy.baseMs * Math.pow(policy.factor, Math.min(n, 30)));
  if (!random) return raw;
  return raw / 2 + random() * (raw / 2);
}

export interface RetryOptions<E> {
  /** Retries after the first attempt (0 = try once). */
  retries: number;
  policy: BackoffPolicy;
  sleep: (ms: number) => Promise<void>;
  /** Whether this failure is worth another attempt. */
  shouldRetry: (error: E) => boolean;
  /** Called before each retry's sleep, with the retry number (1-based) and the delay. */
  onRetry?: (error: E, retry: number, delayMs: number) => void;
  /** Stop retrying when this turns true (e.g. the caller was cancelled). */
  cancelled?: () => boolean;
  random?: () => number;
}

/** Runs fn until it resolves, a failure is not retryable, or the retries are spent. */
export async function withRetries<T, E = unknown>(fn: (attempt: number) => Promise<T>, options: RetryOptions<E>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      const e = error as E;
      if (attempt >= options.retries || !options.shouldRetry(e) || (options.cancelled && options.cancelled())) throw error;
      const delayMs = backoffDelayMs(options.policy, attempt, options.random);
      if (options.onRetry) options.onRetry(e, attempt + 1, delayMs);
      await options.sleep(delayMs);
      if (options.cancelled && options.cancelled()) throw error;
    }
  }
}

// Formatting shared by every screen: the same clock text on watch, phone and simulator.

/** m:ss for durations under an hour, h:mm:ss above; negative durations clamp to 0. */
export function formatClock(ms: number): string {
  const totalSeconds = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const ss = seconds < 10 ? '0' + seconds : String(seconds);
  if (hours > 0) {
    const mm = minutes < 10 ? '0' + minutes : String(minutes);
    return hours + ':' + mm + ':' + ss;
  }
  return minutes + ':' + ss;
}

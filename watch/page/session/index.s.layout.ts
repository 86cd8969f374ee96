// Session screen, square 390x450: the same parts stacked; the progress arc sits behind the time.
import type { SessionLayout } from './index.r.layout';
// Square layouts give pixels of the 390x450 screen itself: px() would scale them again from
// the 480 design width.
export const layout: SessionLayout = {
  arc: { cx: 195, cy: 150, radius: 120, lineWidth: 12 },
  phase: { x: 20, y: 10, w: 350, h: 46, size: 36 },
  time: { x: 60, y: 90, w: 270, h: 100, size: 80 },
  heartRate: { x: 110, y: 190, w: 170, h: 26, size: 20 },
  set: { x: 20, y: 216, w: 350, h: 40, size: 28 },
  count: { x: 20, y: 262, w: 350, h: 52, size: 40 },
  instruction: { x: 20, y: 214, w: 350, h: 102, size: 32 },
  pressure: { x: 20, y: 318, w: 350, h: 44, size: 32 },
  notice: { x: 20, y: 214, w: 350, h: 102, size: 27 },
  stop: { x: 20, y: 370, w: 170, h: 70 },
  pain: { x: 200, y: 370, w: 170, h: 70 },
  start: { x: 45, y: 360, w: 300, h: 80 },
  rpeTitle: { x: 20, y: 262, w: 350, h: 36, size: 26 },
  rpe: { x: 22, y: 298, cellW: 66, cellH: 35, gap: 1, perRow: 5 },
  confirm: { x: 20, y: 262, w: 350, h: 50, size: 30 },
  confirmYes: { x: 20, y: 312, w: 170, h: 52 },
  confirmNo: { x: 200, y: 312, w: 170, h: 52 },
};

// Health questions, square 390x450.
import type { ScreeningLayout } from './index.r.layout';
// Square layouts give pixels of the 390x450 screen itself: px() would scale them again from
// the 480 design width.
export const layout: ScreeningLayout = {
  progress: { x: 20, y: 20, w: 350, h: 40 },
  question: { x: 20, y: 70, w: 350, h: 220 },
  yes: { x: 20, y: 330, w: 165, h: 90 },
  no: { x: 205, y: 330, w: 165, h: 90 },
  result: { x: 20, y: 40, w: 350, h: 270 },
  done: { x: 60, y: 330, w: 270, h: 90 },
};

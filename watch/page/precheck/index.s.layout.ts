// Pre-session check, square 390x450.
import type { PrecheckLayout } from './index.r.layout';
// Square layouts give pixels of the 390x450 screen itself: px() would scale them again from
// the 480 design width.
export const layout: PrecheckLayout = {
  title: { x: 20, y: 14, w: 350, h: 50 },
  line1: { x: 20, y: 68, w: 350, h: 44 },
  line2: { x: 20, y: 114, w: 350, h: 44 },
  line3: { x: 20, y: 160, w: 350, h: 44 },
  advice: { x: 20, y: 206, w: 350, h: 70 },
  action: { x: 20, y: 282, w: 350, h: 68 },
  start: { x: 20, y: 360, w: 350, h: 76 },
};

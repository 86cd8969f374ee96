// Summary, square 390x450.
import type { SummaryLayout } from './index.r.layout';
// Square layouts give pixels of the 390x450 screen itself: px() would scale them again from
// the 480 design width.
export const layout: SummaryLayout = {
  title: { x: 20, y: 8, w: 350, h: 44 },
  line1: { x: 20, y: 52, w: 350, h: 34 },
  line2: { x: 20, y: 86, w: 350, h: 34 },
  rows: { x: 10, y: 122, w: 370, h: 46, gap: 3, minusW: 64, plusW: 64 },
  done: { x: 60, y: 370, w: 270, h: 70 },
};

// History, square 390x450.
import type { HistoryLayout } from './index.r.layout';
// Square layouts give pixels of the 390x450 screen itself: px() would scale them again from
// the 480 design width.
export const layout: HistoryLayout = {
  title: { x: 20, y: 10, w: 350, h: 50 },
  rows: { x: 10, y: 66, w: 370, h: 60, gap: 4, max: 6 },
  empty: { x: 20, y: 160, w: 350, h: 100 },
};

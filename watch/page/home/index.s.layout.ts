// Home, square 390x450: same parts, full width.
import type { HomeLayout } from './index.r.layout';
// Square layouts give pixels of the 390x450 screen itself: px() would scale them again from
// the 480 design width.
export const layout: HomeLayout = {
  title: { x: 20, y: 16, w: 350, h: 50 },
  status: { x: 20, y: 62, w: 350, h: 36 },
  quick: { x: 20, y: 104, w: 350, h: 80 },
  list: { x: 20, y: 196, w: 350, rowH: 70, gap: 10 },
  bottomPad: 30,
};

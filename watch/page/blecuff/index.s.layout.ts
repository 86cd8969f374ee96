// Bluetooth cuff pairing, square 390x450 (pixels of the screen itself, no px()).
import type { BleCuffLayout } from './index.r.layout';

export const layout: BleCuffLayout = {
  title: { x: 20, y: 10, w: 350, h: 50 },
  status: { x: 20, y: 62, w: 350, h: 44 },
  rows: { x: 20, y: 110, w: 350, h: 56, gap: 4, max: 4 },
  lop: { x: 20, y: 120, w: 350, h: 44 },
  lopDown: { x: 30, y: 176, w: 155, h: 64 },
  lopUp: { x: 205, y: 176, w: 155, h: 64 },
  action: { x: 45, y: 360, w: 300, h: 72 },
};

// Bluetooth cuff pairing, round 480x480: title, status line, up to 4 found cuffs, scan / forget.
import { px } from '@zos/utils';

export const layout = {
  title: { x: px(70), y: px(36), w: px(340), h: px(50) },
  status: { x: px(40), y: px(90), w: px(400), h: px(44) },
  rows: { x: px(50), y: px(140), w: px(380), h: px(52), gap: px(4), max: 4 },
  lop: { x: px(40), y: px(150), w: px(400), h: px(44) },
  lopDown: { x: px(70), y: px(204), w: px(160), h: px(64) },
  lopUp: { x: px(250), y: px(204), w: px(160), h: px(64) },
  action: { x: px(90), y: px(368), w: px(300), h: px(72) },
};
export type BleCuffLayout = typeof layout;

// Home, round 480x480: title, the big "Quick session" button, then the program list.
import { px } from '@zos/utils';

export const layout = {
  title: { x: px(90), y: px(30), w: px(300), h: px(50) },
  status: { x: px(80), y: px(78), w: px(320), h: px(36) },
  quick: { x: px(70), y: px(122), w: px(340), h: px(80) },
  list: { x: px(50), y: px(214), w: px(380), rowH: px(70), gap: px(10) },
  bottomPad: px(90),
};
export type HomeLayout = typeof layout;

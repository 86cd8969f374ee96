// Home screen, round 480x480: positions, sizes and colours only (the page holds behaviour).
import { align, text_style } from '@zos/ui';
import { px } from '@zos/utils';

export const layout = {
  title: {
    x: px(40), y: px(70), w: px(400), h: px(50),
    color: 0xffffff, text_size: px(34),
    align_h: align.CENTER_H, align_v: align.CENTER_V, text_style: text_style.NONE,
  },
  clock: {
    x: px(40), y: px(150), w: px(400), h: px(140),
    color: 0xffffff, text_size: px(110),
    align_h: align.CENTER_H, align_v: align.CENTER_V, text_style: text_style.NONE,
  },
  status: {
    x: px(60), y: px(320), w: px(360), h: px(90),
    color: 0xa0a0a0, text_size: px(28),
    align_h: align.CENTER_H, align_v: align.CENTER_V, text_style: text_style.WRAP,
  },
};
export type HomeLayout = typeof layout;

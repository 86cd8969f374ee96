// Pre-session check, round: program name, three check lines, the action buttons.
import { px } from '@zos/utils';

export const layout = {
  title: { x: px(70), y: px(36), w: px(340), h: px(50) },
  line1: { x: px(50), y: px(92), w: px(380), h: px(44) },
  line2: { x: px(40), y: px(138), w: px(400), h: px(44) },
  line3: { x: px(40), y: px(184), w: px(400), h: px(44) },
  advice: { x: px(40), y: px(228), w: px(400), h: px(66) },
  action: { x: px(60), y: px(298), w: px(360), h: px(64) },
  start: { x: px(90), y: px(368), w: px(300), h: px(72) },
};
export type PrecheckLayout = typeof layout;

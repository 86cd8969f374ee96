// Colours and text sizes shared by every screen: high contrast, big numbers (older trainees,
// a glance mid-set). Positions live in each page's layout file per screen shape.
export const COLOR = {
  text: 0xffffff,
  dim: 0x9aa4b2,
  accent: 0x3fa9f5,
  inBand: 0x2ecc71,
  outOfBand: 0xf5a623,
  alarm: 0xff4d4f,
  button: 0x1f2a3a,
  buttonPress: 0x35465e,
  go: 0x1e7f4f,
  goPress: 0x2aa367,
  stop: 0x8c1d24,
  stopPress: 0xb3262f,
};

export const BUTTON = { size: 32, color: COLOR.text, normal: COLOR.button, press: COLOR.buttonPress, radius: 28 };
export const GO_BUTTON = { size: 34, color: COLOR.text, normal: COLOR.go, press: COLOR.goPress, radius: 30 };
export const STOP_BUTTON = { size: 30, color: COLOR.text, normal: COLOR.stop, press: COLOR.stopPress, radius: 26 };
export const SMALL_BUTTON = { size: 28, color: COLOR.text, normal: COLOR.button, press: COLOR.buttonPress, radius: 20 };

export const TEXT = {
  title: { size: 34, color: COLOR.text },
  body: { size: 30, color: COLOR.text, wrap: true },
  dim: { size: 26, color: COLOR.dim, wrap: true },
  huge: { size: 104, color: COLOR.text },
  big: { size: 44, color: COLOR.text },
};

// The Zepp CLI resolves `zosLoader:./x.[pf].layout.js` to the layout file of the screen shape
// being built (`x.r.layout.js` round, `x.s.layout.js` square). Pages cast the export to the
// type of their round layout, which every shape's layout must match.
declare module 'zosLoader:*' {
  export const layout: unknown;
}

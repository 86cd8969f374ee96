// ZML ships its typings as ambient module declarations; pull them in for watch and companion code.
/// <reference path="../node_modules/@zeppos/zml/zml.d.ts" />

// ZML's page code as a factory (scripts/zeppBundle.js, zmlPageFactory): app.js keeps it in its
// globalData and each page calls it with the names ZML reads from the page's own scope.
declare module 'zml-page-factory' {
  export function createBasePage(...pageScope: unknown[]): typeof import('@zeppos/zml/base-page').BasePage;
}

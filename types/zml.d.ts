// ZML ships its typings as ambient module declarations; pull them in for watch and companion code.
/// <reference path="../node_modules/@zeppos/zml/zml.d.ts" />

// Settings App (phone UI) globals. Only companion/tsconfig.json sees these: `Text` would clash
// with the DOM's Text in the Node-side tsconfig.

// One place for the release number shown by the watch, the companion and the CLI.
export const APP_VERSION = '0.1.0';

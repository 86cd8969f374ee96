// The phone's language in the settings page: the SDK's own settings gettext reads it from here
// (@fitbit/sdk lib/plugins/i18nPolyfill.js: `import { locale } from 'user-settings'`), but
// fitbit-sdk-types declares user-settings for the device and companion only.
declare module 'user-settings' {
  export const locale: { readonly language: string };
}

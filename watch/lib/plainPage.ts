// A page's options typed as ZML's BasePage types them (its methods and state see each other
// through `this`), for a page that never talks to the phone: BasePage would hook it into ZML's
// messaging and file transfer on every open for nothing (its code itself is no longer in the
// page: app.js shares it, see scripts/zeppBundle.js). Nothing happens at run time: the object
// goes to Page() as it is.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function plainPage<T extends object>(options: T & ThisType<T>): any {
  return options;
}

// A page's options typed as ZML's BasePage types them (its methods and state see each other
// through `this`), for a page that never talks to the phone: BasePage adds ZML's messaging
// code (about 5 KB of bytecode per page), and without it the .zpk stays within its
// 256,000-byte budget. Nothing happens at run time: the object goes to Page() as it is.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function plainPage<T extends object>(options: T & ThisType<T>): any {
  return options;
}

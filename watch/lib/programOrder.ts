// The last program used goes first on the home screen: most people repeat their routine.
export function orderPrograms<T extends string>(ids: ReadonlyArray<T>, last: string | null): T[] {
  const out = ids.slice();
  const i = last === null ? -1 : out.indexOf(last as T);
  if (i > 0) out.unshift(out.splice(i, 1)[0]);
  return out;
}

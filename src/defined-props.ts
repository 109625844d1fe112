// Optional fields passed on only when they are set. `{ ...defaults, ...{ x: undefined } }` overwrites a
// default with undefined, and an unset field written out as `x: undefined` still shows in `in`,
// Object.keys() and the key lists of some serializers, so a field that is not set must be no key at
// all. This is that one rule, in place of a `...(x === undefined ? {} : { x })` at every site. Only
// undefined means "not set": null, '', 0 and false are values and stay (a site that means to drop
// those too tests for them itself).

/** `props` without its undefined-valued keys: each key present in the result holds a value. */
export function definedProps<T extends object>(props: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  // fromEntries defines own keys, as a spread does: assigning would turn a `__proto__` key into a prototype.
  const defined = Object.fromEntries(Object.entries(props).filter(([, value]) => value !== undefined));
  return defined as { [K in keyof T]?: Exclude<T[K], undefined> };
}

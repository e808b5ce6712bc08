/**
 * Objects keyed by column name (a patient's fields, the form's texts). Column names are data: a CSV may name a
 * column "constructor", "toString" or "__proto__", which a plain object answers from Object.prototype when the
 * field is absent, and "__proto__" assignment sets the prototype instead of a field. These read and write own
 * properties only.
 */

/** The value of field `name` if the record holds it itself, else undefined (never an Object.prototype member). */
export function fieldOf<T>(record: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.hasOwn(record, name) ? record[name] : undefined;
}

/** Sets field `name` as the record's own property, "__proto__" included. */
export function setField<T>(record: Record<string, T>, name: string, value: NoInfer<T>): void {
  if (name === '__proto__') {
    Object.defineProperty(record, name, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  } else record[name] = value;
}

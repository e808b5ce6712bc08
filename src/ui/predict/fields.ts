/**
 * The form's objects keyed by field (column) name. Column names are data: "constructor" or "toString" would be
 * answered from Object.prototype when the field is empty, and assigning "__proto__" sets the prototype instead
 * of a field. (The engine has the same two helpers in engine/data/fields.ts; the UI may not import it.)
 */

/** The value of field `name` if the record holds it itself, else undefined. */
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

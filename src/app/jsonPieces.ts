/**
 * JSON text written in pieces: a value whose largest arrays stand as slots in its text, each slot's items written one
 * at a time, so the whole text (tens of MB for the encoding and importances of 300,000 variants) never has to be one
 * string. The pieces are the very characters JSON.stringify gives for the value with the arrays in place: an array is
 * "[", its items joined by ",", "]", each item as `write` gives it.
 */

/** The string standing for slot k in a value's JSON (unique: a NUL never occurs in a JSON string unescaped). */
export function jsonSlot(k: number): string {
  return `\u0000genoforest-slot-${k}\u0000`;
}

/** The items of one slot and how an item is written (JSON.stringify or a canonical form). */
export interface JsonSlotItems {
  items: readonly unknown[];
  write: (item: unknown) => string;
}

/** A slot of `items`, each written by `write`. */
export function slotItems<T>(items: readonly T[], write: (item: T) => string): JsonSlotItems {
  return { items, write: (item) => write(item as T) };
}

/** Text pieces written one after another, as often as asked (so none needs to be held). */
export type JsonPieces = () => Iterable<string>;

/**
 * The pieces of `text` (a value's JSON in which JSON.stringify(jsonSlot(k)) stands for slots[k], once each) with
 * every slot written as its items. Throws when a slot is not found exactly once.
 */
export function slottedJson(text: string, slots: readonly JsonSlotItems[]): JsonPieces {
  const at = slots.map((_, k) => {
    const mark = JSON.stringify(jsonSlot(k));
    const i = text.indexOf(mark);
    if (i < 0 || text.lastIndexOf(mark) !== i)
      throw new Error(`The JSON text could not be written: slot ${k} is not in it once.`);
    return { k, start: i, end: i + mark.length };
  });
  at.sort((a, b) => a.start - b.start);
  return function* () {
    let from = 0;
    for (const { k, start, end } of at) {
      yield text.slice(from, start);
      const { items, write } = slots[k];
      yield '[';
      for (let i = 0; i < items.length; i++) {
        if (i > 0) yield ',';
        const piece = write(items[i]);
        // JSON.stringify writes null for an item it cannot write (undefined, a function); refuse rather than differ.
        if (typeof piece !== 'string') throw new Error('The JSON text could not be written.');
        yield piece;
      }
      yield ']';
      from = end;
    }
    yield text.slice(from);
  };
}

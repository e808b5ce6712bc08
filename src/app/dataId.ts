let idCounter = 0;
/** An id for a prepared dataset that is unique across worker restarts (its own module: workers import nothing else). */
export function newDataId(): string {
  idCounter++;
  const random = Math.floor(Math.random() * 0xffffffff).toString(36);
  return `${Date.now().toString(36)}-${random}-${idCounter}`;
}

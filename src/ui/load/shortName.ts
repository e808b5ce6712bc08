/** Names quoted in the page are shortened: a wide file misread as one column has a 180 KB "name". */
export const MAX_SHOWN_NAME = 60;

/** `name` cut to `max` characters with an ellipsis in the middle, so both ends stay recognisable. */
export function shortName(name: string, max = MAX_SHOWN_NAME): string {
  if (name.length <= max) return name;
  const head = Math.ceil((max - 1) * 0.6);
  const tail = max - 1 - head;
  return `${name.slice(0, head)}…${name.slice(name.length - tail)}`;
}

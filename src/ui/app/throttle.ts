/**
 * Calls `fn` at most once every `ms` with the latest value (and once more at the end), so a worker
 * that reports progress for every row or tree does not re-render the page thousands of times.
 */
export function throttleLatest<T>(
  fn: (value: T) => void,
  ms: number,
): {
  push: (value: T) => void;
  cancel: () => void;
} {
  let last = 0;
  let pending: { value: T } | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    timer = null;
    if (!pending) return;
    const { value } = pending;
    pending = null;
    last = performance.now();
    fn(value);
  };
  return {
    push(value) {
      pending = { value };
      const wait = ms - (performance.now() - last);
      if (wait <= 0) {
        if (timer) clearTimeout(timer);
        flush();
      } else if (!timer) {
        timer = setTimeout(flush, wait);
      }
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = null;
      pending = null;
    },
  };
}

/**
 * Moving to a step as a link does, but with focus: the keyboard and the screen reader continue from the step's
 * heading, not from wherever the page was (a fragment link alone only scrolls).
 */
export function focusStep(id: string): boolean {
  const heading = document.getElementById(`step-${id}-title`);
  if (!heading) return false;
  heading.focus({ preventScroll: true });
  document.getElementById(`step-${id}`)?.scrollIntoView({ block: 'start' });
  history.replaceState(null, '', `#step-${id}`);
  return true;
}

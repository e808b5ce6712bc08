/**
 * Vitest setup for every test file (vitest.config.ts setupFiles): jsdom has no matchMedia, and the chart theme
 * (chartTheme.ts) asks it for the colour scheme, so jsdom tests get one that matches nothing (the light theme).
 * Node-environment tests have no window and are left alone.
 */
if (typeof window !== 'undefined') {
  window.matchMedia ??= ((query: string) => ({
    matches: false,
    media: query,
    addEventListener: () => {},
    removeEventListener: () => {},
  })) as unknown as typeof window.matchMedia;
}

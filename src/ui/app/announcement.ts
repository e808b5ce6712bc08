/** The polite status message screen readers hear (shown in the app's aria-live region). */
export interface Announcement {
  text: string;
  /** Increases with every message so the same text said twice is still read out. */
  seq: number;
}

/** The next announcement after `current`, saying `text`. */
export function nextAnnouncement(current: Announcement, text: string): Announcement {
  return { text, seq: current.seq + 1 };
}

const COLOURS = ['#1f4e8c', '#a40e26', '#2f6f3e', '#7a3e9d', '#9a5b00', '#0f6e75', '#8c1f5e', '#4a5563'];

/** One colour per agency (the same on every screen), for cursors and presence. */
export function agencyColour(agency: string): string {
  let h = 0;
  for (const ch of agency.toLowerCase()) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return COLOURS[h % COLOURS.length]!;
}

/** Small wording helpers shared by the transport's messages. */

/** `what` arrives as "the token endpoint"; sentences start with it. */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** 30000 -> "30", 300 -> "0.3": deadlines are read by people, not parsed. */
export function formatSeconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}

export function formatBytes(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

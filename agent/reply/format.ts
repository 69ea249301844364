/** Formats an ISO date as "Fri 11 Dec 2026" so every reply states the concrete dates used. */
export function formatDate(iso: string | undefined): string {
  if (!iso) return 'an open date';
  const date = new Date(`${iso.slice(0, 10)}T12:00:00Z`);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleDateString('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** Formats minutes as "2h 35m". */
export function formatDuration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = Math.round(minutes % 60);
  return hours > 0 ? `${hours}h ${String(rest).padStart(2, '0')}m` : `${rest}m`;
}

/** Formats an amount with its ISO currency code, e.g. "EUR 214.00". */
export function formatMoney(amount: number, currency: string): string {
  return `${currency} ${amount.toFixed(2)}`;
}

/** Formats a count with its noun: "1 adult", "2 adults", or "2 memories" with `pluralNoun`. */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralNoun}`;
}

/** The local time part of an ISO local date-time, e.g. "07:10". */
export function clockTime(isoLocal: string): string {
  return isoLocal.slice(11, 16);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Formats a UTC instant as an ISO local date-time without offset, such as `2027-03-14T06:55:00`. */
export function toLocalIso(utcMs: number, timeZone: string): string {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(utcMs))) {
    parts[part.type] = part.value;
  }
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
}

/** Computes the zone's offset from UTC in minutes at a UTC instant (east of Greenwich is positive). */
export function offsetMinutes(utcMs: number, timeZone: string): number {
  const wallClockAsUtc = Date.parse(`${toLocalIso(utcMs, timeZone)}Z`);
  return Math.round((wallClockAsUtc - Math.floor(utcMs / 1000) * 1000) / 60_000);
}

/**
 * Converts an ISO local date-time in a time zone to a UTC instant. A wall-clock time skipped by a
 * daylight-saving change resolves to the instant one offset later, as most calendars do.
 */
export function localIsoToUtc(localIso: string, timeZone: string): number {
  const wallClockAsUtc = Date.parse(`${localIso.slice(0, 19)}Z`);
  if (Number.isNaN(wallClockAsUtc)) throw new RangeError(`Invalid local date-time: ${localIso}`);

  // The offset is read twice because the first guess may sit on the other side of a DST change.
  const firstGuess = wallClockAsUtc - offsetMinutes(wallClockAsUtc, timeZone) * 60_000;
  return wallClockAsUtc - offsetMinutes(firstGuess, timeZone) * 60_000;
}

/** Returns today's date as `YYYY-MM-DD` in a time zone. */
export function localDate(now: Date, timeZone: string): string {
  return toLocalIso(now.getTime(), timeZone).slice(0, 10);
}

/** Counts whole days from one ISO date to another. */
export function daysBetween(fromDate: string, toDate: string): number {
  return Math.round(
    (Date.parse(`${toDate}T00:00:00Z`) - Date.parse(`${fromDate}T00:00:00Z`)) / 86_400_000,
  );
}

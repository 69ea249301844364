import * as chrono from 'chrono-node';
import {
  addDays,
  daysBetween,
  daysInMonth,
  isoWeekday,
  isValidDate,
  toIso,
  type CalendarDate,
} from './calendar.js';
import { COUNT_PATTERN, parseCount } from './numbers.js';

/** A date found in the text, with its character span. */
export interface DateMention {
  start: number;
  end: number;
  text: string;
  date: CalendarDate;
  /** End of a range written in one phrase ("12-15 March"). */
  endDate?: CalendarDate;
  /** True for "the 10th" with no month, which may belong to the month of an earlier date. */
  dayOnly?: boolean;
  /** True for a bare weekday ("Sunday"), which an earlier date in the trip may move on. */
  weekday?: boolean;
  /** True when the text wrote the year. */
  yearGiven?: boolean;
}

/** A written date that names no real day, such as "31 February". */
export interface InvalidDate {
  start: number;
  end: number;
  text: string;
  /** Reason the date does not exist, shown to the user in a note. */
  problem: string;
}

/** Dates, a stay length and reading notes found in one message. */
export interface DateReading {
  mentions: DateMention[];
  invalid: InvalidDate[];
  /** Nights or days of a stated stay length ("for a week" is 7). */
  stayLength?: number;
  notes: string[];
}

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const WEEKDAY_PATTERN = '(mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?';
const MONTHS =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * Finds dates in a message relative to `today` in the user's calendar. "Next Monday" is the
 * Monday of the following Monday-to-Sunday week. "This Saturday" and a bare "Saturday" are the
 * first one from today on. "The 8th" is in this month, or the next if it has passed. A month
 * and day with no year fall on or after today. Numeric dates are month first in
 * American time zones and day first elsewhere.
 */
export function extractDates(text: string, today: CalendarDate, timeZone: string): DateReading {
  const notes: string[] = [];
  const mentions: DateMention[] = [];
  let masked = text;
  const claim = (
    start: number,
    end: number,
    mention: Omit<DateMention, 'start' | 'end' | 'text'>,
  ) => {
    mentions.push({ start, end, text: text.slice(start, end), ...mention });
    masked = masked.slice(0, start) + blank(end - start) + masked.slice(end);
  };

  const stayLength = extractStayLength(text, (start, end) => {
    masked = masked.slice(0, start) + blank(end - start) + masked.slice(end);
  });
  // "The week after" shifts the dates of an earlier turn; it is not a date of its own.
  for (const match of text.matchAll(
    /\b(?:the\s+)?(?:week|day)\s+(?:after|before|later|earlier)\b(?!\s+tomorrow)|\ba\s+(?:week|day)\s+(?:later|earlier)\b/gi,
  )) {
    const start = match.index ?? 0;
    masked =
      masked.slice(0, start) + blank(match[0].length) + masked.slice(start + match[0].length);
  }
  const invalid = readImpossibleDates(masked, today);
  for (const { start, end } of invalid) {
    masked = masked.slice(0, start) + blank(end - start) + masked.slice(end);
  }
  readNumericDates(masked, today, timeZone, notes, claim);
  readDayRanges(masked, today, notes, claim);
  masked = readMonthDays(masked, today, notes, claim);
  readWeekdays(masked, today, claim);
  readDayOnly(masked, today, claim);
  readChrono(masked, today, notes, claim);

  mentions.sort((a, b) => a.start - b.start);
  applyWrittenYear(mentions);
  anchorDayOnlyMentions(mentions);
  return { mentions: mergeRestatedDates(text, mentions), invalid, stayLength, notes };
}

/**
 * Finds "31 February" or "April 31st": a day past the end of its month. 29 February counts as
 * impossible only when neither this year nor the next is a leap year, matching `withYear`.
 */
function readImpossibleDates(text: string, today: CalendarDate): InvalidDate[] {
  const dayFirst = new RegExp(`\\b(\\d{1,2})${ORDINAL}\\s+(?:of\\s+)?(${MONTHS})\\b`, 'gi');
  const monthFirst = new RegExp(`\\b(${MONTHS})\\.?\\s+(?:the\\s+)?(\\d{1,2})${ORDINAL}\\b`, 'gi');
  const found: InvalidDate[] = [];
  const check = (index: number, length: number, dayText: string, monthText: string) => {
    const month = monthNumber(monthText);
    const day = Number(dayText);
    if (!month || day < 1) return;
    const fits = [today.year, today.year + 1].some((year) => day <= daysInMonth(year, month));
    if (fits || found.some((item) => item.start === index)) return;
    const longest = Math.max(daysInMonth(today.year, month), daysInMonth(today.year + 1, month));
    found.push({
      start: index,
      end: index + length,
      text: text.slice(index, index + length),
      problem: `${MONTH_NAMES[month - 1]} has only ${longest} days`,
    });
  };
  for (const match of text.matchAll(dayFirst)) {
    check(match.index ?? 0, match[0].length, match[1], match[2]);
  }
  for (const match of text.matchAll(monthFirst)) {
    check(match.index ?? 0, match[0].length, match[2], match[1]);
  }
  return found.sort((a, b) => a.start - b.start);
}

/**
 * Filler for a span already read. chrono-node 2.10 misreads "15 March" followed by a long run
 * of spaces as 1 March, so the filler is punctuation between two spaces.
 */
function blank(length: number): string {
  return length < 3 ? ' '.repeat(length) : ` ${'#'.repeat(length - 2)} `;
}

type Claim = (
  start: number,
  end: number,
  mention: Omit<DateMention, 'start' | 'end' | 'text'>,
) => void;

function extractStayLength(
  text: string,
  mask: (start: number, end: number) => void,
): number | undefined {
  const patterns: Array<[RegExp, (match: RegExpExecArray) => number | undefined]> = [
    [/\bfor\s+(?:a|one)\s+week\b/gi, () => 7],
    [/\bfor\s+(?:a\s+)?fortnight\b/gi, () => 14],
    [/\b(?:a\s+)?week[-\s]long\b/gi, () => 7],
    [
      new RegExp(
        `\\bfor\\s+(?:the\\s+next\\s+)?(${COUNT_PATTERN})\\s+(nights?|days?|weeks?)\\b`,
        'gi',
      ),
      (match) => scaleStay(match[1], match[2]),
    ],
    [
      new RegExp(
        `(?<!\\bin\\s)\\b(${COUNT_PATTERN})[-\\s](nights?|days?|weeks?)(?!\\s+(?:from\\s+now|later|ago))(?:\\s+(stay|trip|visit|vacation|holiday))?\\b`,
        'gi',
      ),
      (match) => {
        // A "4-day trip" spans four calendar days, so it ends three days after it starts.
        const trip = match[3] !== undefined && match[3].toLowerCase() !== 'stay';
        const days = scaleStay(match[1], match[2]);
        if (!trip || days === undefined || !/^days?$/i.test(match[2])) return days;
        return Math.max(1, days - 1);
      },
    ],
  ];
  for (const [pattern, read] of patterns) {
    for (const match of text.matchAll(pattern)) {
      const length = read(match as RegExpExecArray);
      if (length === undefined || length <= 0) continue;
      mask(match.index ?? 0, (match.index ?? 0) + match[0].length);
      return length;
    }
  }
  return undefined;
}

function scaleStay(countText: string, unit: string): number | undefined {
  const count = parseCount(countText);
  if (count === undefined) return undefined;
  return unit.toLowerCase().startsWith('week') ? count * 7 : count;
}

function readNumericDates(
  text: string,
  today: CalendarDate,
  timeZone: string,
  notes: string[],
  claim: Claim,
): void {
  const monthFirst = timeZone.startsWith('America/') && !timeZone.startsWith('America/Sao_Paulo');
  const pattern = /\b(\d{1,2})\/(\d{1,2})(?:\/(\d{4}|\d{2}))?\b/g;
  for (const match of text.matchAll(pattern)) {
    const first = Number(match[1]);
    const second = Number(match[2]);
    let [month, day] = monthFirst ? [first, second] : [second, first];
    if (month > 12 && day <= 12) [month, day] = [day, month];
    const year = match[3] ? normaliseYear(Number(match[3])) : undefined;
    const date = withYear(month, day, year, today);
    if (!date) continue;
    if (first <= 12 && second <= 12 && first !== second) {
      const order = monthFirst ? 'month first' : 'day first';
      notes.push(`read ${match[0]} as ${day} ${MONTH_NAMES[month - 1]} (${order})`);
    }
    claim(match.index ?? 0, (match.index ?? 0) + match[0].length, { date });
  }
}

function normaliseYear(year: number): number {
  return year < 100 ? 2000 + year : year;
}

function withYear(month: number, day: number, year: number | undefined, today: CalendarDate) {
  if (year !== undefined) {
    const date = { year, month, day };
    return isValidDate(date) ? date : undefined;
  }
  const thisYear = { year: today.year, month, day };
  if (!isValidDate(thisYear) && !(month === 2 && day === 29)) return undefined;
  if (isValidDate(thisYear) && daysBetween(today, thisYear) >= 0) return thisYear;
  const nextYear = { year: today.year + 1, month, day };
  return isValidDate(nextYear) ? nextYear : undefined;
}

function readWeekdays(text: string, today: CalendarDate, claim: Claim): void {
  const pattern = new RegExp(
    `\\b(?:(next|this|coming|the\\s+coming)\\s+)?${WEEKDAY_PATTERN}\\b(?:\\s+(next|this)\\s+week)?`,
    'gi',
  );
  for (const match of text.matchAll(pattern)) {
    const weekday = weekdayIndex(match[2]);
    if (weekday === undefined) continue;
    const following = match[1]?.toLowerCase() === 'next' || match[3]?.toLowerCase() === 'next';
    // "on Tuesday" after "the weekend" is rare; a bare weekday means the first one from today on.
    const thisWeekOrLater = addDays(today, (weekday - isoWeekday(today) + 7) % 7);
    const nextWeek = addDays(today, 7 - isoWeekday(today) + weekday);
    claim(match.index ?? 0, (match.index ?? 0) + match[0].length, {
      date: following ? nextWeek : thisWeekOrLater,
      weekday: !match[1] && !match[3],
    });
  }
}

function weekdayIndex(word: string): number | undefined {
  const prefix = word.toLowerCase().slice(0, 3);
  const index = WEEKDAYS.findIndex((name) => name.startsWith(prefix));
  return index >= 0 ? index : undefined;
}

function readDayOnly(text: string, today: CalendarDate, claim: Claim): void {
  const pattern = new RegExp(
    `\\b(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)\\b(?:\\s+of\\s+(this|next)\\s+month)?(?!\\s+(?:of\\s+)?(?:${MONTHS})\\b)`,
    'gi',
  );
  for (const match of text.matchAll(pattern)) {
    const before = text.slice(Math.max(0, (match.index ?? 0) - 12), match.index).toLowerCase();
    if (new RegExp(`(?:${MONTHS})\\.?\\s*$`).test(before)) continue;
    const day = Number(match[1]);
    const which = match[2]?.toLowerCase();
    let date: CalendarDate | undefined;
    if (which === 'next') {
      const next = addDays({ ...today, day: 1 }, 32);
      date = { year: next.year, month: next.month, day };
    } else {
      date = { ...today, day };
      if (which !== 'this' && (!isValidDate(date) || daysBetween(today, date) < 0)) {
        const next = addDays({ ...today, day: 1 }, 32);
        date = { year: next.year, month: next.month, day };
      }
    }
    if (!isValidDate(date)) continue;
    claim(match.index ?? 0, (match.index ?? 0) + match[0].length, { date, dayOnly: !which });
  }
}

const ORDINAL = '(?:st|nd|rd|th)?';

/**
 * Reads "10 to 15 May" and "May 10-15" before chrono, which reads "from 10 to 15 May" as the
 * hours 10:00 to 15:00 on 1 May (chrono-node 2.10).
 */
function readDayRanges(text: string, today: CalendarDate, notes: string[], claim: Claim): void {
  const separator = '\\s*(?:-|–|to|until|till|through|thru)\\s*';
  const dayFirst = new RegExp(
    `\\b(\\d{1,2})${ORDINAL}${separator}(\\d{1,2})${ORDINAL}\\s+(?:of\\s+)?(${MONTHS})\\b\\.?`,
    'gi',
  );
  const monthFirst = new RegExp(
    `\\b(${MONTHS})\\.?\\s+(\\d{1,2})${ORDINAL}${separator}(\\d{1,2})${ORDINAL}\\b`,
    'gi',
  );
  const ranges: Array<{ index: number; length: number; month: string; from: number; to: number }> =
    [];
  for (const match of text.matchAll(dayFirst)) {
    ranges.push({
      index: match.index ?? 0,
      length: match[0].length,
      month: match[3],
      from: Number(match[1]),
      to: Number(match[2]),
    });
  }
  for (const match of text.matchAll(monthFirst)) {
    ranges.push({
      index: match.index ?? 0,
      length: match[0].length,
      month: match[1],
      from: Number(match[2]),
      to: Number(match[3]),
    });
  }

  for (const range of ranges) {
    const month = monthNumber(range.month);
    if (!month || range.to <= range.from) continue;
    let year = today.year;
    if (daysBetween(today, { year, month, day: range.from }) < 0) year += 1;
    const start = { year, month, day: range.from };
    const end = { year, month, day: range.to };
    if (!isValidDate(start) || !isValidDate(end)) continue;
    if (year > today.year)
      notes.push(`${range.from} ${MONTH_NAMES[month - 1]} has passed: used ${toIso(start)}`);
    claim(range.index, range.index + range.length, { date: start, endDate: end });
  }
}

/**
 * Reads "1 June", "the 3rd of April" and "April 3rd, 2027" before chrono, which reads
 * "from 1 June" as an uncertain day (chrono-node 2.10). Returns the text with them blanked.
 */
function readMonthDays(text: string, today: CalendarDate, notes: string[], claim: Claim): string {
  const year = '(?:,?\\s+(\\d{4}))?';
  const patterns: Array<[RegExp, (match: RegExpMatchArray) => [string, string, string?]]> = [
    [
      new RegExp(
        `\\b(?:the\\s+)?(\\d{1,2})${ORDINAL}\\s+(?:of\\s+)?(${MONTHS})\\b\\.?${year}`,
        'gi',
      ),
      (match) => [match[1], match[2], match[3]],
    ],
    [
      new RegExp(`\\b(${MONTHS})\\.?\\s+(?:the\\s+)?(\\d{1,2})${ORDINAL}\\b(?!:)${year}`, 'gi'),
      (match) => [match[2], match[1], match[3]],
    ],
  ];
  let masked = text;
  for (const [pattern, parts] of patterns) {
    for (const match of masked.matchAll(pattern)) {
      const [dayText, monthText, yearText] = parts(match);
      const month = monthNumber(monthText);
      const day = Number(dayText);
      if (!month) continue;
      const date = withYear(month, day, yearText ? Number(yearText) : undefined, today);
      if (!date) continue;
      if (!yearText && date.year > today.year) {
        notes.push(`${day} ${MONTH_NAMES[month - 1]} has passed: used ${toIso(date)}`);
      }
      const start = match.index ?? 0;
      const end = start + match[0].length;
      claim(start, end, { date, yearGiven: Boolean(yearText) });
      masked = masked.slice(0, start) + blank(end - start) + masked.slice(end);
    }
  }
  return masked;
}

function monthNumber(name: string): number | undefined {
  const prefix = name.toLowerCase().slice(0, 3);
  const index = MONTH_NAMES.findIndex((month) => month.toLowerCase().startsWith(prefix));
  return index >= 0 ? index + 1 : undefined;
}

/** Words without which chrono finds no date; skipping chrono then saves most of its cost. */
const CHRONO_HINT = new RegExp(
  `\\d|\\b(today|tonight|tomorrow|yesterday|weekend|week|month|year|day|days|noon|morning|evening|afternoon|${MONTHS}|mon|tue|wed|thu|fri|sat|sun)`,
  'i',
);

function readChrono(text: string, today: CalendarDate, notes: string[], claim: Claim): void {
  if (!CHRONO_HINT.test(text)) return;
  const reference = new Date(today.year, today.month - 1, today.day, 12);
  for (const result of chrono.parse(text, reference, { forwardDate: true })) {
    const phrase = result.text.toLowerCase();
    const relative = /\b(today|tonight|tomorrow|weekend|now|days?|weeks?|months?)\b/.test(phrase);
    const start = result.start;
    if (!start.isCertain('day') && !start.isCertain('weekday') && !relative) continue;
    if (/^(at\s+)?\d{1,2}(:\d\d)?\s*(am|pm)?$/.test(phrase)) continue;

    let date = componentsOf(start);
    if (
      /\bday after tomorrow\b/.test(
        text.slice(Math.max(0, result.index - 14), result.index + result.text.length).toLowerCase(),
      )
    ) {
      date = addDays(today, 2);
    }
    const endDate = result.end ? componentsOf(result.end) : undefined;
    if (start.isCertain('month') && !start.isCertain('year') && date.year > today.year) {
      notes.push(`${date.day} ${MONTH_NAMES[date.month - 1]} has passed: used ${toIso(date)}`);
    }
    claim(result.index, result.index + result.text.length, {
      date,
      endDate: endDate && daysBetween(date, endDate) > 0 ? endDate : undefined,
    });
  }
}

function componentsOf(components: chrono.ParsedComponents): CalendarDate {
  return {
    year: components.get('year') ?? 0,
    month: components.get('month') ?? 1,
    day: components.get('day') ?? 1,
  };
}

/** Gives "March 27th" in "March 27th to March 29th, 2022" the year written after the range. */
function applyWrittenYear(mentions: DateMention[]): void {
  const dated = mentions.find((mention) => mention.yearGiven);
  if (!dated) return;
  for (const mention of mentions) {
    if (mention.yearGiven || mention.start > dated.start) continue;
    const moved = { ...mention.date, year: dated.date.year };
    if (isValidDate(moved) && daysBetween(moved, dated.date) >= 0) mention.date = moved;
  }
}

/** Moves "the 7th" in "April 1st to the 7th" into the month of the date before it. */
function anchorDayOnlyMentions(mentions: DateMention[]): void {
  for (let i = 1; i < mentions.length; i++) {
    const mention = mentions[i];
    if (!mention.dayOnly) continue;
    const anchor = mentions[i - 1].endDate ?? mentions[i - 1].date;
    let candidate = { year: anchor.year, month: anchor.month, day: mention.date.day };
    if (!isValidDate(candidate) || daysBetween(anchor, candidate) < 0) {
      const next = addDays({ ...anchor, day: 1 }, 32);
      candidate = { year: next.year, month: next.month, day: mention.date.day };
    }
    if (isValidDate(candidate)) mention.date = candidate;
  }
}

/** Joins "Monday the 4th" into one mention when both parts name the same day. */
function mergeRestatedDates(text: string, mentions: DateMention[]): DateMention[] {
  const merged: DateMention[] = [];
  for (const mention of mentions) {
    const last = merged.at(-1);
    const gap = last ? text.slice(last.end, mention.start) : '';
    if (last && toIso(last.date) === toIso(mention.date) && /^[\s,]*(the)?[\s,]*$/i.test(gap)) {
      last.end = mention.end;
      last.text = text.slice(last.start, last.end);
      continue;
    }
    merged.push(mention);
  }
  return merged;
}

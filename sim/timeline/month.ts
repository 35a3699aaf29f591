/**
 * Calendar months as integers (year * 12 + month - 1): the population level advances one month per
 * period. Dates in timeline files are `YYYY-MM` or `YYYY-MM-DD`; a day only documents the source's date
 * (an obligation dated the 5th applies from that month).
 */
export type MonthIndex = number;

const DATE = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/;

/** The month of a `YYYY-MM[-DD]` date, or undefined if it is not one. */
export function parseMonth(text: string): MonthIndex | undefined {
  const m = DATE.exec(text);
  if (m === null) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = m[3] === undefined ? 1 : Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1990 || year > 2100) return undefined;
  return year * 12 + month - 1;
}

export const formatMonth = (m: MonthIndex): string => `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;

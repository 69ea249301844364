/**
 * Approximate value of one euro in other currencies (rough estimates of 2024-25 market rates, never updated), used only
 * to show sample fares in the traveller's currency. Real offers come priced by the provider.
 */
const UNITS_PER_EURO: Readonly<Record<string, number>> = {
  EUR: 1,
  USD: 1.08,
  GBP: 0.85,
  CHF: 0.95,
  JPY: 160,
  CAD: 1.47,
  AUD: 1.65,
  NZD: 1.8,
  SGD: 1.45,
  HKD: 8.4,
  AED: 3.97,
  SEK: 11.4,
  NOK: 11.6,
  DKK: 7.46,
  PLN: 4.3,
  CZK: 25,
  BRL: 5.6,
  MXN: 19,
  INR: 90,
  CNY: 7.8,
  ZAR: 20,
};

/** Tells whether sample fares can be shown in a currency. */
export function isSampleCurrency(code: string): boolean {
  return code in UNITS_PER_EURO;
}

/** Converts a euro amount to a currency from the table, rounded to the currency's usual unit. */
export function convertFromEuro(amountEur: number, currency: string): number {
  const rate = UNITS_PER_EURO[currency];
  if (rate === undefined) throw new RangeError(`No sample exchange rate for ${currency}`);

  const converted = amountEur * rate;
  return currency === 'JPY' ? Math.round(converted) : Math.round(converted * 100) / 100;
}

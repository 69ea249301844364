import { countries } from 'countries-list';

/**
 * Typical nightly price of a mid-range double room, in EUR, by ISO country code. These are
 * rough sample figures chosen to look plausible, not market data.
 */
// prettier-ignore
const MID_RANGE_EUR_BY_COUNTRY: Record<string, number> = {
  US: 170, CA: 140, MX: 75, BR: 70, AR: 60, CL: 80, CO: 55, PE: 55,
  GB: 150, IE: 150, FR: 135, DE: 110, NL: 150, BE: 115, LU: 140, CH: 210, AT: 120,
  IT: 125, ES: 110, PT: 100, GR: 95, DK: 160, SE: 130, NO: 150, FI: 120, IS: 190,
  PL: 70, CZ: 80, HU: 75, HR: 95, RO: 60, BG: 55, TR: 70, RS: 60,
  AE: 160, QA: 140, SA: 130, IL: 180, EG: 55, MA: 65, ZA: 80, KE: 85, TZ: 90,
  JP: 120, KR: 100, CN: 75, HK: 150, SG: 190, TW: 90, TH: 50, VN: 40, ID: 55,
  MY: 55, PH: 60, IN: 45, LK: 50, NP: 35, AU: 150, NZ: 140,
};
const DEFAULT_MID_RANGE_EUR = 90;

/**
 * Approximate value of one unit of each currency in EUR, for converting sample prices only.
 * Rounded sample rates, not live quotes.
 */
// prettier-ignore
const EUR_PER_UNIT: Record<string, number> = {
  EUR: 1, USD: 0.92, GBP: 1.17, CHF: 1.05, CAD: 0.68, AUD: 0.61, NZD: 0.56, JPY: 0.0062,
  CNY: 0.13, HKD: 0.12, SGD: 0.69, KRW: 0.00068, INR: 0.011, THB: 0.026, VND: 0.000037,
  IDR: 0.000058, MYR: 0.2, PHP: 0.016, AED: 0.25, SAR: 0.25, QAR: 0.25, ILS: 0.25,
  TRY: 0.028, EGP: 0.019, MAD: 0.092, ZAR: 0.05, KES: 0.0071, MXN: 0.05, BRL: 0.17,
  ARS: 0.001, CLP: 0.001, COP: 0.00023, PEN: 0.25, SEK: 0.088, NOK: 0.086, DKK: 0.134,
  ISK: 0.0067, PLN: 0.23, CZK: 0.04, HUF: 0.0025, RON: 0.2, BGN: 0.51, RSD: 0.0085,
  TWD: 0.029, LKR: 0.003, NPR: 0.0069, TZS: 0.00035,
};

/** Returns the sample mid-range nightly price for a country, in EUR. */
export function midRangeNightlyEur(countryCode: string): number {
  return MID_RANGE_EUR_BY_COUNTRY[countryCode.toUpperCase()] ?? DEFAULT_MID_RANGE_EUR;
}

/** True when sample prices can be shown in this currency. */
export function isSampleCurrency(code: string): boolean {
  return code in EUR_PER_UNIT;
}

/** Returns the sample currencies, for error messages. */
export function sampleCurrencies(): string[] {
  return Object.keys(EUR_PER_UNIT).sort();
}

/** Picks the country's own currency when sample rates cover it, else EUR. */
export function localCurrency(countryCode: string): string {
  const country = countries[countryCode.toUpperCase() as keyof typeof countries];
  const code = country?.currency[0];
  return code !== undefined && isSampleCurrency(code) ? code : 'EUR';
}

/** Converts a EUR amount into a sample currency, rounded to whole units. */
export function convertFromEur(amountEur: number, currency: string): number {
  const rate = EUR_PER_UNIT[currency];
  if (rate === undefined) {
    throw new Error(`No sample exchange rate for ${currency}`);
  }
  return Math.round(amountEur / rate);
}

import { describe, expect, it } from 'vitest';
import { readOffersFromText } from './parse-text.js';

const OPTIONS = { server: 'rentals', nights: 2 };

describe('readOffersFromText', () => {
  it('reads symbol, code-after and code-before prices', () => {
    const offers = readOffersFromText(
      [
        '- Harbour Inn £80 a night',
        '* Old Mill 1,250.50 USD',
        'Tram Stop Rooms - JPY 30000 nightly',
      ].join('\n'),
      OPTIONS,
    );
    expect(offers.map((offer) => [offer.name, offer.currency, offer.nightlyPrice])).toEqual([
      ['Harbour Inn', 'GBP', 80],
      ['Old Mill', 'USD', 625.25],
      ['Tram Stop Rooms', 'JPY', 30000],
    ]);
    expect(offers[1]?.totalPrice).toBe(1250.5);
  });

  it('invents ids from line numbers', () => {
    const offers = readOffersFromText('Header line\n2. Lake House €100 total', OPTIONS);
    expect(offers[0]?.id).toBe('rentals-line-2');
  });

  it('ignores lines without a price or name', () => {
    const offers = readOffersFromText(
      'Stays in Madrid\n€90 per night\nPrices include tax.',
      OPTIONS,
    );
    expect(offers).toEqual([]);
  });

  it('does not read words as ids', () => {
    const offers = readOffersFromText('Ideal Studio €60 per night', OPTIONS);
    expect(offers[0]?.name).toBe('Ideal Studio');
    expect(offers[0]?.id).toBe('rentals-line-1');
  });
});

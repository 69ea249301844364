/**
 * IATA metropolitan area codes, which group the airports of one city. The data packages list
 * airports only, so this table is kept by hand. Codes that are also an airport's own code
 * (BER, SHA, BKK, IST) are left out, because a search for them means that one airport.
 */
export interface MetroCode {
  code: string;
  city: string;
  countryCode: string;
  /** Airports in the group, busiest first. */
  airports: string[];
}

export const METRO_CODES: readonly MetroCode[] = [
  {
    code: 'LON',
    city: 'London',
    countryCode: 'GB',
    airports: ['LHR', 'LGW', 'STN', 'LTN', 'LCY', 'SEN'],
  },
  { code: 'NYC', city: 'New York', countryCode: 'US', airports: ['JFK', 'EWR', 'LGA'] },
  { code: 'PAR', city: 'Paris', countryCode: 'FR', airports: ['CDG', 'ORY', 'BVA'] },
  { code: 'TYO', city: 'Tokyo', countryCode: 'JP', airports: ['HND', 'NRT'] },
  { code: 'MOW', city: 'Moscow', countryCode: 'RU', airports: ['SVO', 'DME', 'VKO'] },
  { code: 'MIL', city: 'Milan', countryCode: 'IT', airports: ['MXP', 'LIN', 'BGY'] },
  { code: 'ROM', city: 'Rome', countryCode: 'IT', airports: ['FCO', 'CIA'] },
  { code: 'CHI', city: 'Chicago', countryCode: 'US', airports: ['ORD', 'MDW'] },
  { code: 'WAS', city: 'Washington, D.C.', countryCode: 'US', airports: ['IAD', 'DCA', 'BWI'] },
  { code: 'STO', city: 'Stockholm', countryCode: 'SE', airports: ['ARN', 'BMA', 'NYO'] },
  { code: 'OSA', city: 'Osaka', countryCode: 'JP', airports: ['KIX', 'ITM', 'UKB'] },
  { code: 'SAO', city: 'Sao Paulo', countryCode: 'BR', airports: ['GRU', 'CGH', 'VCP'] },
  { code: 'RIO', city: 'Rio de Janeiro', countryCode: 'BR', airports: ['GIG', 'SDU'] },
  { code: 'BUE', city: 'Buenos Aires', countryCode: 'AR', airports: ['EZE', 'AEP'] },
  { code: 'YTO', city: 'Toronto', countryCode: 'CA', airports: ['YYZ', 'YTZ'] },
  { code: 'YMQ', city: 'Montreal', countryCode: 'CA', airports: ['YUL'] },
  { code: 'YEA', city: 'Edmonton', countryCode: 'CA', airports: ['YEG'] },
  { code: 'SEL', city: 'Seoul', countryCode: 'KR', airports: ['ICN', 'GMP'] },
  { code: 'BJS', city: 'Beijing', countryCode: 'CN', airports: ['PEK', 'PKX'] },
  { code: 'JKT', city: 'Jakarta', countryCode: 'ID', airports: ['CGK', 'HLP'] },
  { code: 'DTT', city: 'Detroit', countryCode: 'US', airports: ['DTW'] },
  { code: 'BUH', city: 'Bucharest', countryCode: 'RO', airports: ['OTP', 'BBU'] },
  { code: 'REK', city: 'Reykjavik', countryCode: 'IS', airports: ['KEF', 'RKV'] },
  { code: 'SPK', city: 'Sapporo', countryCode: 'JP', airports: ['CTS', 'OKD'] },
  { code: 'BHZ', city: 'Belo Horizonte', countryCode: 'BR', airports: ['CNF', 'PLU'] },
];

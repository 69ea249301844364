/** A real airline, described only as far as the sample fares need it. */
export interface SampleCarrier {
  iata: string;
  name: string;
  /** ISO 3166-1 alpha-2 code of the airline's home country. */
  countryCode: string;
  /** Low-cost carriers sell economy only and fly short and medium haul. */
  lowCost: boolean;
  /** Continents (two-letter codes) where a low-cost carrier flies between any two airports. */
  lowCostContinents?: string[];
  /** IATA codes of the airline's hub airports, main hub first. */
  hubs: string[];
}

/**
 * Real airlines and their real hubs. Sample fares pick carriers from the countries at either end
 * of a route and connect through these hubs; schedules and prices are invented.
 */
export const SAMPLE_CARRIERS: readonly SampleCarrier[] = [
  { iata: 'TP', name: 'TAP Air Portugal', countryCode: 'PT', lowCost: false, hubs: ['LIS'] },
  { iata: 'LH', name: 'Lufthansa', countryCode: 'DE', lowCost: false, hubs: ['FRA', 'MUC'] },
  { iata: 'BA', name: 'British Airways', countryCode: 'GB', lowCost: false, hubs: ['LHR'] },
  { iata: 'AF', name: 'Air France', countryCode: 'FR', lowCost: false, hubs: ['CDG'] },
  { iata: 'KL', name: 'KLM', countryCode: 'NL', lowCost: false, hubs: ['AMS'] },
  { iata: 'IB', name: 'Iberia', countryCode: 'ES', lowCost: false, hubs: ['MAD'] },
  { iata: 'LX', name: 'Swiss', countryCode: 'CH', lowCost: false, hubs: ['ZRH'] },
  { iata: 'AZ', name: 'ITA Airways', countryCode: 'IT', lowCost: false, hubs: ['FCO'] },
  { iata: 'TK', name: 'Turkish Airlines', countryCode: 'TR', lowCost: false, hubs: ['IST'] },
  {
    iata: 'UA',
    name: 'United Airlines',
    countryCode: 'US',
    lowCost: false,
    hubs: ['EWR', 'ORD', 'SFO'],
  },
  { iata: 'DL', name: 'Delta Air Lines', countryCode: 'US', lowCost: false, hubs: ['ATL', 'JFK'] },
  {
    iata: 'AA',
    name: 'American Airlines',
    countryCode: 'US',
    lowCost: false,
    hubs: ['DFW', 'MIA'],
  },
  { iata: 'AC', name: 'Air Canada', countryCode: 'CA', lowCost: false, hubs: ['YYZ', 'YVR'] },
  { iata: 'EK', name: 'Emirates', countryCode: 'AE', lowCost: false, hubs: ['DXB'] },
  { iata: 'QR', name: 'Qatar Airways', countryCode: 'QA', lowCost: false, hubs: ['DOH'] },
  { iata: 'SQ', name: 'Singapore Airlines', countryCode: 'SG', lowCost: false, hubs: ['SIN'] },
  { iata: 'CX', name: 'Cathay Pacific', countryCode: 'HK', lowCost: false, hubs: ['HKG'] },
  {
    iata: 'NH',
    name: 'All Nippon Airways',
    countryCode: 'JP',
    lowCost: false,
    hubs: ['HND', 'NRT'],
  },
  { iata: 'QF', name: 'Qantas', countryCode: 'AU', lowCost: false, hubs: ['SYD'] },
  { iata: 'LA', name: 'LATAM Airlines', countryCode: 'BR', lowCost: false, hubs: ['GRU', 'SCL'] },
  { iata: 'ET', name: 'Ethiopian Airlines', countryCode: 'ET', lowCost: false, hubs: ['ADD'] },
  {
    iata: 'FR',
    name: 'Ryanair',
    countryCode: 'IE',
    lowCost: true,
    lowCostContinents: ['EU'],
    hubs: [],
  },
  {
    iata: 'U2',
    name: 'easyJet',
    countryCode: 'GB',
    lowCost: true,
    lowCostContinents: ['EU'],
    hubs: [],
  },
  {
    iata: 'WN',
    name: 'Southwest Airlines',
    countryCode: 'US',
    lowCost: true,
    lowCostContinents: ['NA'],
    hubs: [],
  },
];

/** Full-service carriers to fall back on when neither end of a route has a home carrier above. */
export const CARRIERS_BY_CONTINENT: Readonly<Record<string, string[]>> = {
  EU: ['LH', 'AF', 'BA', 'KL'],
  NA: ['UA', 'DL', 'AA'],
  SA: ['LA'],
  AS: ['EK', 'QR', 'SQ', 'CX', 'TK'],
  AF: ['ET', 'EK'],
  OC: ['QF'],
};

/** Low-cost carriers fly only up to this distance; longer low-cost routes are rare and seasonal. */
export const LOW_COST_MAX_KM = 3500;

/** Looks up a carrier in the table by IATA code. */
export function sampleCarrier(iata: string): SampleCarrier | undefined {
  return SAMPLE_CARRIERS.find((carrier) => carrier.iata === iata);
}

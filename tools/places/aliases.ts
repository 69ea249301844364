/** Informal city names people type, mapped to the city-timezones name and country. */
export const CITY_ALIASES: Readonly<Record<string, { city: string; countryCode: string }>> = {
  nyc: { city: 'New York', countryCode: 'US' },
  'new york city': { city: 'New York', countryCode: 'US' },
  'the big apple': { city: 'New York', countryCode: 'US' },
  manhattan: { city: 'New York', countryCode: 'US' },
  la: { city: 'Los Angeles', countryCode: 'US' },
  'l a': { city: 'Los Angeles', countryCode: 'US' },
  sf: { city: 'San Francisco', countryCode: 'US' },
  'san fran': { city: 'San Francisco', countryCode: 'US' },
  'bay area': { city: 'San Francisco', countryCode: 'US' },
  'the bay area': { city: 'San Francisco', countryCode: 'US' },
  frisco: { city: 'San Francisco', countryCode: 'US' },
  philly: { city: 'Philadelphia', countryCode: 'US' },
  'chi town': { city: 'Chicago', countryCode: 'US' },
  chitown: { city: 'Chicago', countryCode: 'US' },
  vegas: { city: 'Las Vegas', countryCode: 'US' },
  dc: { city: 'Washington, D.C.', countryCode: 'US' },
  'd c': { city: 'Washington, D.C.', countryCode: 'US' },
  'washington dc': { city: 'Washington, D.C.', countryCode: 'US' },
  'washington d c': { city: 'Washington, D.C.', countryCode: 'US' },
  washington: { city: 'Washington, D.C.', countryCode: 'US' },
  nola: { city: 'New Orleans', countryCode: 'US' },
  atl: { city: 'Atlanta', countryCode: 'US' },
  'sao paulo': { city: 'Sao Paulo', countryCode: 'BR' },
  rio: { city: 'Rio de Janeiro', countryCode: 'BR' },
  'mexico city': { city: 'Mexico City', countryCode: 'MX' },
  'ciudad de mexico': { city: 'Mexico City', countryCode: 'MX' },
  ny: { city: 'New York', countryCode: 'US' },
  sd: { city: 'San Diego', countryCode: 'US' },
  kl: { city: 'Kuala Lumpur', countryCode: 'MY' },
  bruges: { city: 'Brugge', countryCode: 'BE' },
  cdmx: { city: 'Mexico City', countryCode: 'MX' },
  bombay: { city: 'Mumbai', countryCode: 'IN' },
  calcutta: { city: 'Kolkata', countryCode: 'IN' },
  madras: { city: 'Chennai', countryCode: 'IN' },
  peking: { city: 'Beijing', countryCode: 'CN' },
  saigon: { city: 'Ho Chi Minh City', countryCode: 'VN' },
  'ho chi minh': { city: 'Ho Chi Minh City', countryCode: 'VN' },
  lisboa: { city: 'Lisbon', countryCode: 'PT' },
  roma: { city: 'Rome', countryCode: 'IT' },
  milano: { city: 'Milan', countryCode: 'IT' },
  munchen: { city: 'Munich', countryCode: 'DE' },
  muenchen: { city: 'Munich', countryCode: 'DE' },
  koln: { city: 'Cologne', countryCode: 'DE' },
  wien: { city: 'Vienna', countryCode: 'AT' },
  praha: { city: 'Prague', countryCode: 'CZ' },
  firenze: { city: 'Florence', countryCode: 'IT' },
  venezia: { city: 'Venice', countryCode: 'IT' },
  napoli: { city: 'Naples', countryCode: 'IT' },
  'st petersburg': { city: 'St. Petersburg', countryCode: 'RU' },
};

/**
 * Well-known regions and islands that travellers name in place of a city, mapped to the city
 * where most visitors stay or land. A search for "Tuscany" then looks in Florence.
 */
export const REGION_ALIASES: Readonly<Record<string, { city: string; countryCode: string }>> = {
  tuscany: { city: 'Florence', countryCode: 'IT' },
  toscana: { city: 'Florence', countryCode: 'IT' },
  'amalfi coast': { city: 'Naples', countryCode: 'IT' },
  sicily: { city: 'Palermo', countryCode: 'IT' },
  sardinia: { city: 'Cagliari', countryCode: 'IT' },
  mallorca: { city: 'Palma', countryCode: 'ES' },
  majorca: { city: 'Palma', countryCode: 'ES' },
  tenerife: { city: 'Santa Cruz de Tenerife', countryCode: 'ES' },
  'gran canaria': { city: 'Las Palmas', countryCode: 'ES' },
  madeira: { city: 'Funchal', countryCode: 'PT' },
  algarve: { city: 'Faro', countryCode: 'PT' },
  corsica: { city: 'Ajaccio', countryCode: 'FR' },
  provence: { city: 'Marseille', countryCode: 'FR' },
  'french riviera': { city: 'Nice', countryCode: 'FR' },
  'cote d azur': { city: 'Nice', countryCode: 'FR' },
  bali: { city: 'Denpasar', countryCode: 'ID' },
  phuket: { city: 'Phuket', countryCode: 'TH' },
  oahu: { city: 'Honolulu', countryCode: 'US' },
  hawaii: { city: 'Honolulu', countryCode: 'US' },
  'scottish highlands': { city: 'Inverness', countryCode: 'GB' },
  bavaria: { city: 'Munich', countryCode: 'DE' },
  'the alps': { city: 'Innsbruck', countryCode: 'AT' },
};

/** Everyday names of countries that differ from the ISO short name. */
export const COUNTRY_ALIASES: Readonly<Record<string, string>> = {
  usa: 'US',
  'u s a': 'US',
  'u s': 'US',
  us: 'US',
  america: 'US',
  'united states': 'US',
  'united states of america': 'US',
  'the states': 'US',
  uk: 'GB',
  'u k': 'GB',
  'united kingdom': 'GB',
  britain: 'GB',
  'great britain': 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  holland: 'NL',
  'the netherlands': 'NL',
  uae: 'AE',
  emirates: 'AE',
  'south korea': 'KR',
  korea: 'KR',
  'north korea': 'KP',
  russia: 'RU',
  czechia: 'CZ',
  'czech republic': 'CZ',
  'ivory coast': 'CI',
  vietnam: 'VN',
  laos: 'LA',
  iran: 'IR',
  syria: 'SY',
  bolivia: 'BO',
  venezuela: 'VE',
  tanzania: 'TZ',
  taiwan: 'TW',
  'the philippines': 'PH',
  turkey: 'TR',
  turkiye: 'TR',
  'cape verde': 'CV',
  burma: 'MM',
  'the bahamas': 'BS',
  bahamas: 'BS',
};

/**
 * Lower-case words that are ordinary English before they are place names (Nice, Reading,
 * Split) or that collide with IATA codes. Text finding accepts them only when capitalised or
 * after a travel preposition, so "a nice hotel" names no city.
 */
export const COMMON_WORDS: ReadonlySet<string> = new Set(
  (
    'a an and any are as at be been best bath big bay best bonus boston? but by can come cook ' +
    'date day deal does each eat end even ever fair far few fine for from fun gap get go good ' +
    'had has have her here hope how i if in is it its just kind last let long look low made ' +
    'make man many march may me mobile more most much must my need new next nice no nor not now ' +
    'of off ok old on one only or orange other our out over own paradise part pay per plan ' +
    'plenty price put reading real rest ride right round run safe same say see set she show ' +
    'so some spa split start stay still such sun sure take tell than that the their them then ' +
    'there these they this time to too top trip try two under up us use very via wait want was ' +
    'way we well were what when where which who why will with would yes yet you your ' +
    'january february april june july august september october november december monday ' +
    'tuesday wednesday thursday friday saturday sunday today tomorrow tonight weekend week ' +
    'month year morning evening night noon afternoon hotel flight flights room rooms house ' +
    'airport city town place beach ticket tickets economy business first class premium adult ' +
    'adults child children people person guest guests please thanks thank hello hi hey also ' +
    'about after again all back before both down early going great late later love nearby ' +
    'open order return return cheap cheapest direct nonstop one-way book booking find search ' +
    'show leave leaving depart arrive arriving visit visiting travel traveling dog cat pet pets ' +
    'weather visa plug vaccine vaccines currency rate time zone alert alerts bar hand fall ' +
    'mission victoria liberty independence eagle hollywood buffalo jackson madison lincoln ' +
    'florence? normal union marion garden grand hub ideal bend sale bristol? golden ' +
    'temple university commerce industry enterprise justice friendship providence'
  )
    .split(/\s+/)
    .filter((word) => word.length > 0 && !word.endsWith('?')),
);

/** Words before a place name that make a lower-case common word read as a place. */
export const TRAVEL_PREPOSITIONS: ReadonlySet<string> = new Set([
  'to',
  'from',
  'in',
  'at',
  'into',
  'via',
  'visit',
  'visiting',
  'near',
  'around',
  'fly',
  'flying',
  'leaving',
  'reach',
]);

/** A country from the ISO 3166-1 list. */
export interface Country {
  /** ISO 3166-1 alpha-2 code, such as `PT`. */
  code: string;
  name: string;
  capital?: string;
  /** ISO 4217 codes. */
  currencies: string[];
  /** ISO 639-1 codes. */
  languages: string[];
  /** Two-letter continent code: AF, AN, AS, EU, NA, OC, SA. */
  continent?: string;
  /** International dialling prefix without the plus sign, such as `351`. */
  callingCode?: string;
  /** IANA time zone names. */
  timeZones: string[];
}

/** An airport with scheduled passenger service and an IATA code. */
export interface Airport {
  iata: string;
  name: string;
  /** The municipality the airport is listed under, which may be a suburb of the city it serves. */
  city: string;
  countryCode: string;
  lat: number;
  lon: number;
  timeZone: string;
  /** True for airports OurAirports classes as `large_airport`. */
  large: boolean;
}

/** A city with its coordinates and the airports that serve it. */
export interface City {
  name: string;
  countryCode: string;
  countryName: string;
  lat: number;
  lon: number;
  timeZone: string;
  population: number;
  /** IATA codes of scheduled airports serving it, biggest first. */
  airports: string[];
  /** IATA metropolitan code such as LON, when one exists. */
  cityCode?: string;
}

/** One reading of a place name; `matched` is the name or code the text was matched against. */
export type PlaceMatch =
  | {
      kind: 'city';
      city: City;
      /** The city code, or its airports when it has none. */
      codes: string[];
      matched: string;
      score: number;
    }
  | {
      kind: 'airport';
      airport: Airport;
      city?: City;
      codes: string[];
      matched: string;
      score: number;
    }
  | { kind: 'country'; country: Country; matched: string; score: number };

export type PlaceKind = PlaceMatch['kind'];

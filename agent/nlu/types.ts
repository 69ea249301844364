/** The kinds of turn the agent routes on. */
export type Intent =
  'flight_search' | 'lodging_search' | 'destination_info' | 'memory' | 'trip_planning' | 'other';

/** Values extracted from a turn; dates are ISO `yyyy-mm-dd` in the user's time zone. */
export interface Slots {
  /** Canonical city name or airport code as resolved. */
  origin?: string;
  destination?: string;
  /** IATA city code, or the city's airports. */
  origin_codes?: string[];
  destination_codes?: string[];
  depart_date?: string;
  return_date?: string;
  adults?: number;
  children?: number;
  /** Ages 2 to 17 of the children whose age was given, in the order written. */
  children_ages?: number[];
  infants?: number;
  cabin?: 'economy' | 'premium_economy' | 'business' | 'first';
  max_price?: number;
  /** ISO 4217 code, set only with `max_price`. */
  currency?: string;
  /** Whether a lodging `max_price` is per night or for the whole stay, when the user stated it. */
  price_basis?: 'per_night' | 'total';
  direct_only?: boolean;
  location?: string;
  check_in?: string;
  check_out?: string;
  pets?: boolean;
  place?: string;
  topic?: string;
  url?: string;
  memory_action?: 'store' | 'recall' | 'forget';
  /** 1-based position of the offer the user picked from the last flight search ("option 2"). */
  selection?: number;
}

/** The classifier's reading of one turn. */
export interface Classification {
  intent: Intent;
  /** Between 0 and 1. */
  confidence: number;
  slots: Slots;
  /** Slots this intent needs that are still absent after carry-over. */
  missing: Array<keyof Slots>;
  /** Readings a user may want to check, such as "read 03/04 as 3 April (day first)". */
  notes: string[];
}

/** Request context for `classify`: the clock, the user's zone and the previous turn. */
export interface ClassifyContext {
  now: Date;
  /** IANA time zone of the user, which decides what "today" and "tonight" are. */
  timeZone: string;
  /** The last turn in the thread, for follow-ups such as "make it business class". */
  previous?: { intent: Intent; slots: Slots };
  /**
   * Slots the agent's last reply asked for. When absent, the slots the previous search still
   * missed are assumed, so a bare answer such as "the 15th" fills the slot that was asked.
   */
  expected?: Array<keyof Slots>;
}

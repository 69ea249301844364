import { getCity } from '../../../tools/places/index.js';
import { LodgingInputError } from '../errors.js';
import type { DetailsOutput, Guests, Offer, Room } from '../schemas.js';
import { convertFromEur, localCurrency, midRangeNightlyEur } from './sample-prices.js';
import { SeededRandom } from './seeded-random.js';
import type { DetailsQuery, LodgingProvider, ProviderSearchResult, StayQuery } from './types.js';

interface StayKind {
  kind: string;
  priceFactor: number;
  stars?: [number, number];
  petsChance: number;
  amenities: string[];
}

const STAY_KINDS: StayKind[] = [
  {
    kind: 'hostel',
    priceFactor: 0.35,
    stars: [1, 2],
    petsChance: 0.1,
    amenities: ['wifi', 'laundry', '24_hour_front_desk'],
  },
  { kind: 'guesthouse', priceFactor: 0.7, stars: [2, 3], petsChance: 0.5, amenities: ['wifi'] },
  { kind: 'apartment', priceFactor: 0.9, petsChance: 0.5, amenities: ['wifi', 'laundry'] },
  {
    kind: 'hotel',
    priceFactor: 1,
    stars: [3, 4],
    petsChance: 0.3,
    amenities: ['wifi', 'restaurant', '24_hour_front_desk'],
  },
  {
    kind: 'boutique hotel',
    priceFactor: 1.5,
    stars: [4, 4],
    petsChance: 0.3,
    amenities: ['wifi', 'restaurant', 'concierge'],
  },
  {
    kind: 'luxury hotel',
    priceFactor: 2.8,
    stars: [5, 5],
    petsChance: 0.4,
    amenities: ['wifi', 'restaurant', 'spa', 'pool', 'gym', 'room_service', 'concierge'],
  },
];

const NEIGHBOURHOODS = [
  'City Centre',
  'Old Town',
  'Riverside',
  'Station Quarter',
  'University District',
  'Harbourside',
  'Market Quarter',
  'Museum District',
  'Garden Suburb',
];

const NAME_WORDS = [
  'Linden',
  'Lantern',
  'Meridian',
  'Foundry',
  'Atelier',
  'Compass',
  'Juniper',
  'Cedar',
  'Beacon',
  'Orchard',
  'Granary',
  'Tannery',
  'Saffron',
  'Harbour',
  'Kestrel',
  'Willow',
  'Quayside',
  'Amber',
  'Willow',
  'Quarry',
];

const EARTH_RADIUS_KM = 6371;

/** Sample listings, invented but deterministic: the same city and dates give the same offers. */
export function createSampleProvider(): LodgingProvider {
  return {
    name: 'sample',
    sample: true,

    async search(query: StayQuery): Promise<ProviderSearchResult> {
      const { location } = query;
      const currency = query.currency ?? localCurrency(location.country_code);
      const count = new SeededRandom(listingSeed(location.country_code, location.name, -1)).integer(
        12,
        18,
      );
      const offers: Offer[] = [];
      for (let index = 0; index < count; index++) {
        offers.push(
          buildListing(
            location.country_code,
            location.name,
            location.latitude,
            location.longitude,
            index,
            query,
            currency,
          ),
        );
      }
      return {
        offers,
        notes: [
          'Sample listings: invented for offline use, near the real city centre, not bookable.',
        ],
      };
    },

    async details(id: string, query: DetailsQuery): Promise<DetailsOutput['accommodation']> {
      const match = /^sample_([A-Z]{2})_(.+)_(\d+)$/.exec(id);
      const cityName = match ? safeDecode(match[2]!) : undefined;
      const city = match && cityName ? getCity(cityName, match[1]) : undefined;
      if (!match || !city) {
        throw new LodgingInputError(
          'id',
          `"${id}" is not an offer id from this server; run search_accommodations first.`,
        );
      }

      const currency = query.currency ?? localCurrency(city.countryCode);
      const index = Number(match[3]);
      const offer = buildListing(
        city.countryCode,
        city.name,
        city.lat,
        city.lon,
        index,
        query,
        currency,
      );
      const identity = describeIdentity(city.countryCode, city.name, index);
      return {
        ...offer,
        description:
          `Sample ${identity.stayKind.kind} in ${identity.neighbourhood}, ${offer.distance_km} km from the centre ` +
          `of ${city.name}. Invented for offline use; it cannot be booked.`,
        check_in_after: '15:00',
        check_out_before: '11:00',
        rooms: buildRooms(offer, identity.stayKind, query.guests),
      };
    },
  };
}

function listingSeed(countryCode: string, cityName: string, index: number): string {
  return `${countryCode}|${cityName.toLowerCase()}|${index}`;
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** Returns what does not depend on dates or guests: kind, name, place and policies. */
function describeIdentity(countryCode: string, cityName: string, index: number) {
  const random = new SeededRandom(listingSeed(countryCode, cityName, index));
  const stayKind = random.pick(STAY_KINDS);
  const neighbourhood = random.pick(NEIGHBOURHOODS);
  // One offset per city and one word per listing, so a city's listings never share a name
  // while it has no more listings than NAME_WORDS has words.
  const cityOffset = new SeededRandom(listingSeed(countryCode, cityName, -2)).integer(
    0,
    NAME_WORDS.length - 1,
  );
  const word = NAME_WORDS[(cityOffset + index) % NAME_WORDS.length]!;
  const name = listingName(stayKind.kind, word, cityName, neighbourhood);
  const distanceKm =
    neighbourhood === 'City Centre' ? random.between(0.2, 1.2) : random.between(0.8, 4.5);
  const bearing = random.between(0, 2 * Math.PI);
  const stars = stayKind.stars ? random.integer(stayKind.stars[0], stayKind.stars[1]) : undefined;
  const reviewScore = Math.round(random.between(6.8, 9.6) * 10) / 10;
  const petsAllowed = random.next() < stayKind.petsChance;
  const basePriceFactor = random.between(0.8, 1.25);
  return {
    stayKind,
    neighbourhood,
    name,
    distanceKm,
    bearing,
    stars,
    reviewScore,
    petsAllowed,
    basePriceFactor,
  };
}

function listingName(kind: string, word: string, cityName: string, neighbourhood: string): string {
  switch (kind) {
    case 'hostel':
      return `${word} Hostel ${cityName}`;
    case 'guesthouse':
      return `${word} Guesthouse`;
    case 'apartment':
      return `${neighbourhood} ${word} Apartments`;
    case 'boutique hotel':
      return `The ${word} ${cityName}`;
    case 'luxury hotel':
      return `${word} Grand Hotel ${cityName}`;
    default:
      return `Hotel ${word} ${neighbourhood}`;
  }
}

function buildListing(
  countryCode: string,
  cityName: string,
  centreLatitude: number,
  centreLongitude: number,
  index: number,
  query: DetailsQuery,
  currency: string,
): Offer {
  const identity = describeIdentity(countryCode, cityName, index);
  const [latitude, longitude] = offsetCoordinates(
    centreLatitude,
    centreLongitude,
    identity.distanceKm,
    identity.bearing,
  );

  // Prices vary with the dates (season, demand) but not with anything else the guest sends.
  const dateRandom = new SeededRandom(
    `${listingSeed(countryCode, cityName, index)}|${query.checkIn}|${query.checkOut}`,
  );
  const nightlyEur =
    midRangeNightlyEur(countryCode) *
    identity.stayKind.priceFactor *
    identity.basePriceFactor *
    dateRandom.between(0.85, 1.2) *
    occupancyFactor(query.guests);
  const nightlyPrice = Math.max(1, convertFromEur(nightlyEur, currency));

  return {
    id: `sample_${countryCode}_${encodeURIComponent(cityName)}_${index}`,
    name: identity.name,
    nightly_price: nightlyPrice,
    total_price: nightlyPrice * query.nights,
    currency,
    pets_allowed: identity.petsAllowed,
    rating: identity.stars,
    review_score: identity.reviewScore,
    neighbourhood: identity.neighbourhood,
    latitude,
    longitude,
    distance_km: Math.round(identity.distanceKm * 10) / 10,
    amenities: identity.petsAllowed
      ? [...identity.stayKind.amenities, 'pets_allowed']
      : identity.stayKind.amenities,
    sample: true,
    provider: 'sample',
  };
}

/** Rooms for two cost the base price; each further adult or child adds 35%, infants are free. */
function occupancyFactor(guests: Guests): number {
  const extraGuests = Math.max(0, guests.adults + guests.children - 2);
  return 1 + 0.35 * extraGuests;
}

function offsetCoordinates(
  latitude: number,
  longitude: number,
  distanceKm: number,
  bearing: number,
): [number, number] {
  const angular = distanceKm / EARTH_RADIUS_KM;
  const lat1 = (latitude * Math.PI) / 180;
  const lon1 = (longitude * Math.PI) / 180;
  const lat2 = Math.asin(
    Math.sin(lat1) * Math.cos(angular) + Math.cos(lat1) * Math.sin(angular) * Math.cos(bearing),
  );
  const lon2 =
    lon1 +
    Math.atan2(
      Math.sin(bearing) * Math.sin(angular) * Math.cos(lat1),
      Math.cos(angular) - Math.sin(lat1) * Math.sin(lat2),
    );
  const round = (value: number) => Math.round(value * 1e5) / 1e5;
  return [round((lat2 * 180) / Math.PI), round((lon2 * 180) / Math.PI)];
}

function buildRooms(offer: Offer, stayKind: StayKind, guests: Guests): Room[] {
  const roomNames =
    stayKind.kind === 'hostel'
      ? [['Private room', ['double x1']]]
      : guests.children + guests.adults > 2
        ? [
            ['Family room', ['double x1', 'single x2']],
            ['Two connecting rooms', ['double x2']],
          ]
        : [
            ['Standard double', ['double x1']],
            ['Superior king', ['king x1']],
          ];

  return roomNames.map(([name, beds], roomIndex) => {
    const roomTotal = Math.round(offer.total_price * (1 + roomIndex * 0.2));
    return {
      name: name as string,
      beds: beds as string[],
      rates: [
        {
          id: `${offer.id}_room${roomIndex}_flexible`,
          total_price: Math.round(roomTotal * 1.1),
          currency: offer.currency,
          board_type: 'breakfast',
          refundable: true,
          conditions: ['Free cancellation until 3 days before check-in (sample policy).'],
        },
        {
          id: `${offer.id}_room${roomIndex}_saver`,
          total_price: roomTotal,
          currency: offer.currency,
          board_type: 'room_only',
          refundable: false,
          conditions: ['No refund after booking (sample policy).'],
        },
      ],
    };
  });
}

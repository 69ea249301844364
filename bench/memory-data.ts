import type { ExtractedMemory } from '../memory/index.js';

/** Returns a seeded pseudo-random generator (mulberry32) so every run builds the same data. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const CITIES = [
  'Lisbon',
  'Porto',
  'Madrid',
  'Seville',
  'Barcelona',
  'Rome',
  'Florence',
  'Naples',
  'Paris',
  'Lyon',
  'Nice',
  'Berlin',
  'Munich',
  'Vienna',
  'Prague',
  'Budapest',
  'Krakow',
  'Athens',
  'Istanbul',
  'Marrakech',
  'Cairo',
  'Nairobi',
  'Cape Town',
  'Tokyo',
  'Kyoto',
  'Osaka',
  'Seoul',
  'Bangkok',
  'Hanoi',
  'Bali',
  'Singapore',
  'Sydney',
  'Auckland',
  'Lima',
  'Cusco',
  'Bogota',
  'Mexico City',
  'Oaxaca',
  'Havana',
  'New York',
  'Chicago',
  'Montreal',
  'Vancouver',
  'Reykjavik',
  'Oslo',
  'Stockholm',
  'Copenhagen',
  'Dublin',
  'Edinburgh',
  'Amsterdam',
];
const AIRPORTS = ['LHR', 'CDG', 'FRA', 'AMS', 'MAD', 'LIS', 'JFK', 'SFO', 'NRT', 'SIN', 'DXB'];
const AIRLINES = [
  'TAP',
  'Iberia',
  'Lufthansa',
  'KLM',
  'Air France',
  'British Airways',
  'Emirates',
  'Qatar',
  'Singapore Airlines',
  'ANA',
  'Delta',
  'United',
  'easyJet',
  'Ryanair',
  'Turkish Airlines',
];
const PROGRAMMES = [
  'Marriott Bonvoy',
  'Hilton Honors',
  'World of Hyatt',
  'IHG One Rewards',
  'Accor Live Limitless',
  'Flying Blue',
  'Miles and More',
  'Avios',
  'SkyMiles',
  'MileagePlus',
  'KrisFlyer',
];
const FOODS = [
  'vegetarian',
  'vegan',
  'pescatarian',
  'gluten free',
  'halal',
  'kosher',
  'lactose free',
  'no pork',
  'no shellfish',
  'no peanuts',
  'spicy food',
  'street food',
  'seafood',
];
const ACTIVITIES = [
  'museums',
  'hiking',
  'surfing',
  'diving',
  'skiing',
  'jazz bars',
  'wine tasting',
  'cooking classes',
  'architecture tours',
  'street markets',
  'hot springs',
  'cycling',
  'opera',
  'football matches',
];
const STAYS = [
  'boutique hotels',
  'hostels',
  'apartments',
  'guesthouses',
  'resorts',
  'ryokans',
  'campsites',
  'villas with a pool',
  'hotels near the old town',
  'quiet rooms away from the lift',
];
const COMPANIONS = [
  'my wife',
  'my husband',
  'my partner',
  'two kids',
  'my dog',
  'my parents',
  'a group of friends',
  'my sister',
  'colleagues',
  'a toddler',
];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

type Slots = Record<string, readonly string[]>;
type Template = { topic: string; text: string };

const SLOTS: Slots = {
  city: CITIES,
  city2: CITIES,
  airport: AIRPORTS,
  airline: AIRLINES,
  programme: PROGRAMMES,
  food: FOODS,
  activity: ACTIVITIES,
  stay: STAYS,
  companion: COMPANIONS,
  month: MONTHS,
};

const TEMPLATES: Template[] = [
  { topic: 'seat', text: 'I prefer an aisle seat when flying {airline} to {city}' },
  { topic: 'seat', text: 'Book me a window seat on long flights out of {airport}' },
  { topic: 'cabin', text: 'I fly business class with {airline} on trips over six hours' },
  { topic: 'diet', text: 'I eat {food} and want restaurants in {city} that suit that' },
  { topic: 'diet', text: 'My partner keeps to {food} meals when we travel' },
  { topic: 'home_airport', text: 'I usually depart from {airport} and connect through {city}' },
  { topic: 'loyalty', text: 'My {programme} number is {number}' },
  { topic: 'loyalty', text: 'I collect {programme} points on every stay in {city}' },
  { topic: 'lodging', text: 'In {city} I like {stay} within walking distance of {activity}' },
  { topic: 'activities', text: 'On weekends away I look for {activity} and {activity2}' },
  { topic: 'trip', text: 'We went to {city} in {month} with {companion} and loved the {activity}' },
  { topic: 'trip', text: 'Planning {city} and {city2} in {month} {year} with {companion}' },
  { topic: 'trip', text: 'The {stay} in {city} was too noisy last {month}' },
  { topic: 'companions', text: 'I always travel with {companion} and need space for luggage' },
  { topic: 'budget', text: 'Keep hotels in {city} under {number} euros a night' },
  { topic: 'accessibility', text: '{companion} needs step free access and a lift in {stay}' },
  { topic: 'general', text: 'Asked about the weather in {city} during {month}' },
  { topic: 'general', text: 'Compared {airline} fares from {airport} to {city} for {month}' },
];

const QUERY_TEMPLATES = [
  'which seat do I like on {airline}?',
  'what food should restaurants in {city} serve me?',
  'where do I fly from usually?',
  'what is my {programme} number?',
  'what kind of place should I stay at in {city}?',
  'what did we do in {city} last time?',
  'who do I travel with?',
  'how much can a hotel in {city} cost?',
  'things to do on a weekend in {city}',
  'does anyone in my family need step free access?',
  'what trips am I planning for {month}?',
  'which cabin class do I book on long flights?',
];

function fill(template: string, random: () => number): string {
  return template.replace(/\{(\w+?)(\d?)\}/g, (_, slot: string, suffix: string) => {
    if (slot === 'number') return String(100 + Math.floor(random() * 9_900));
    if (slot === 'year') return String(2025 + Math.floor(random() * 3));
    const values = SLOTS[`${slot}${suffix}`] ?? SLOTS[slot];
    return values[Math.floor(random() * values.length)];
  });
}

/** Generates `count` distinct sample memories of one user from travel sentence templates. */
export function generateMemories(count: number, random: () => number): ExtractedMemory[] {
  const seen = new Set<string>();
  const memories: ExtractedMemory[] = [];
  // Distinct texts only: the store drops repeats by content hash, which would skew row counts.
  while (memories.length < count) {
    const template = TEMPLATES[Math.floor(random() * TEMPLATES.length)];
    const text = fill(template.text, random);
    if (seen.has(text.toLowerCase())) continue;
    seen.add(text.toLowerCase());
    // Every row is a fact so that no preference replaces an older one of the same topic.
    memories.push({ kind: 'fact', topic: template.topic, text });
  }
  return memories;
}

/** Generates a travel question of the kind the agent recalls memories for. */
export function generateQuery(random: () => number): string {
  return fill(QUERY_TEMPLATES[Math.floor(random() * QUERY_TEMPLATES.length)], random);
}

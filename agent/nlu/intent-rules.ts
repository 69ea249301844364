import type { Intent } from './types.js';

/** A weighted cue: a pattern in the lower-cased message that votes for an intent. */
interface Cue {
  intent: Exclude<Intent, 'other'>;
  pattern: RegExp;
  weight: number;
}

const CUES: Cue[] = [
  // Flights: the words people use for air travel, and flight status questions.
  {
    intent: 'flight_search',
    pattern:
      /\b(flights?|fligh?ts?|flig?ht|fly|flying|flew|airfare|airline|airlines|plane|planes|airplane|aeroplane|airport)\b/,
    weight: 3,
  },
  {
    intent: 'flight_search',
    pattern:
      /\b(one[- ]?way|round[- ]?trip(per)?|layovers?|non-?stop|direct flight|board|boarding|landing|land|take ?off|depart(ing|ure|s)?|at the gate|get to my destination|check(ed)?[- ]?(in )?bags?|carry[- ]on)\b/,
    weight: 2,
  },
  { intent: 'flight_search', pattern: /\b(tickets?|seats?|aisle|window seat)\b/, weight: 1.2 },
  {
    intent: 'flight_search',
    pattern: /\b(economy|business class|first class|premium economy)\b/,
    weight: 2,
  },
  {
    intent: 'flight_search',
    pattern: /\b(leav(e|ing)|go(ing)? back|come back|coming back|return(ing)?|get back|back on)\b/,
    weight: 0.8,
  },
  { intent: 'flight_search', pattern: /\bfrom\s+\w+(\s+\w+)?\s+to\s+\w+/, weight: 0.9 },
  { intent: 'flight_search', pattern: /\b(on time|delayed|gate|terminal)\b/, weight: 1.2 },
  // Lodging.
  {
    intent: 'lodging_search',
    pattern:
      /\b(hotels?|hotles?|hottels?|motels?|hostels?|inns?|resorts?|airbnb|b&b|bnb|lodging|accommodations?|suites?|vacanc(y|ies)|a bed|place to crash|somewhere to crash)\b/,
    weight: 3,
  },
  {
    intent: 'lodging_search',
    pattern:
      /\b(place to stay|somewhere to stay|where to stay|stay(s|ing)? (at|in|for|there)|a stay|to stay|i'?ll (be )?stay(ing)?|house|houses|home|apartment|condo|room|rooms|villa|cabin rental|rental)\b/,
    weight: 2.2,
  },
  {
    intent: 'lodging_search',
    pattern: /\b(check[- ]?in(?! bags?)|check[- ]?out|checking (in|out)|nights?)\b/,
    weight: 1.8,
  },
  {
    intent: 'lodging_search',
    pattern: /\b(laundry|pets? allowed|pet[- ]friendly|star hotel|rating|reviews?|smoking|wifi)\b/,
    weight: 0.8,
  },
  {
    intent: 'lodging_search',
    pattern: /\b(book(ed|ing|ings)?|reserv(e|ation|ations)|available|arriv(e|ing|al)|my arrival)\b/,
    weight: 1,
  },
  {
    intent: 'lodging_search',
    pattern:
      /\b(need|want|find|book|get|looking for|search for|reserve|rent) (me |us )?(a |an |some |one |the )?(\w+ )?(hotels?|rooms?|house|home|apartment|place to stay|stay|reservation)\b/,
    weight: 1.2,
  },
  {
    intent: 'lodging_search',
    pattern: /\b(make|create) a reservation\b|\breservation (in|at|for)\b|\bbookings? in\b/,
    weight: 1.4,
  },
  {
    intent: 'lodging_search',
    pattern:
      /\b(best western|crowne plaza|doubletree|embassy suites|hampton inn|hilton|holiday inn|homewood suites|hyatt|ibis|marriott|radisson|residence inn|sheraton|westin|wyndham)\b/,
    weight: 3,
  },
  // Questions about a place.
  {
    intent: 'destination_info',
    pattern:
      /\b(weather|temperatures?|forecast|rain(ing|y)?|snow(ing)?|sunny|humid|how (cold|hot|warm)|is it (cold|hot|warm)|degrees|climate|conditions like|tornado(es)?|hurricanes?|storms?|uv index)\b/,
    weight: 3,
  },
  {
    intent: 'destination_info',
    pattern:
      /\b(visas?|passport requirements?|vaccin(e|es|ated|ation|ations)|shots|immuni[sz]ations?|plugs?|adapters?|outlets?|voltage|time ?zones?|exchange rate|conversion rate|currency|travel (alerts?|advisor(y|ies)|warnings?)|safe to (travel|visit|go))\b/,
    weight: 3,
  },
  {
    intent: 'destination_info',
    pattern:
      /\b(things to do|what to do|to do there|(is|are) there to do|attractions?|things (i|we) (should|can|could) do|what (can|should|could) (i|we) (do|see|visit)|do a lot|what sites|there to see|things to see|what to see|winer(y|ies)|attractions?|sights?|sightseeing|museums?|parks?|landmarks?|tourist|places to (visit|see|go)|worth (visiting|seeing)|visit|recommend|suggestions?|fun|playground|zoo|garden|nature preserve|theme park|entry fee|entrance)\b/,
    weight: 1.6,
  },
  {
    intent: 'destination_info',
    pattern:
      /\b(what should i know|know before|tell me about|what is .* like|what'?s .* like|good time to (visit|go)|best time to|tipping|language do they speak|do they speak|local customs|is it safe)\b/,
    weight: 2.5,
  },
  {
    intent: 'destination_info',
    pattern:
      /\b(how (many|much)|what'?s|what is|whats|convert|conversion|trade|worth|exchange|to)\b.*\b(dollars?|usd|euros?|pesos?|yens?|pounds?( sterling)?|lira|francs?|franks|rupees?|yuan|rubles?|won|baht|krona|kronor|real|reais|rand)\b/,
    weight: 1.6,
  },
  {
    intent: 'destination_info',
    pattern:
      /\b(dollars?|usd|euros?|pesos?|yens?|pounds?|lira|francs?|franks|rupees?|yuan)\b.*\b(in|to|into|for)\b.*\b(dollars?|usd|euros?|pesos?|yens?|pounds?|lira|francs?|franks|rupees?|yuan|money)\b/,
    weight: 1.6,
  },
  {
    intent: 'destination_info',
    pattern:
      /\b(converters?|conveters?|socket|power adapter|humidity|events?|something (fun |free |interesting )?to do|somewhere to go|good use of my time|performing arts|venues?|view ?point|child[- ]friendly|kid[- ]friendly|popular (travel )?destinations?|places to go|show (me )?(some )?places|interesting things)\b/,
    weight: 1.8,
  },
  {
    intent: 'destination_info',
    pattern:
      /\b(get(ting)? around|public transport(ation)?|metro|subway|underground|tram|buses|bus pass|taxis?|ride[- ]?share|local (food|dishes|cuisine|specialit(y|ies))|food (to|should|must)|(eat|try) (in|there|while)|cuisine|street food|must[- ]try)\b/,
    weight: 2.2,
  },
  {
    intent: 'destination_info',
    pattern: /\b(safe(ly)?|safety|dangerous|crime)\b/,
    weight: 2.2,
  },
  { intent: 'destination_info', pattern: /https?:\/\//, weight: 4 },
  {
    intent: 'destination_info',
    pattern: /\b(this page|this article|this link|the page|the link|website)\b/,
    weight: 1.5,
  },
  // The user's own facts and preferences.
  {
    intent: 'memory',
    pattern: /\b(remember|don'?t forget|keep in mind|note that|make a note|save (that|this))\b/,
    weight: 3,
  },
  {
    intent: 'memory',
    pattern: /\b(forget|delete|erase|remove)\b.*\b(that i|my|about me|i'?m|i am|i said)\b/,
    weight: 4,
  },
  {
    intent: 'memory',
    pattern: /^\s*(please\s+)?(forget|erase|wipe|delete)\s+(everything|all of it|it all)\b/,
    weight: 4,
  },
  {
    intent: 'memory',
    pattern:
      /\b(i'?m|i am) (a )?(vegetarian|vegan|pescatarian|allergic|gluten|lactose|diabetic|afraid of|scared of|a nervous flyer|kosher|halal)\b/,
    weight: 4,
  },
  {
    intent: 'memory',
    pattern:
      /\bi (always|usually|never|generally|normally)? ?(prefer|like|love|hate|dislike|can'?t stand)\b(?! (it|that|this|the|to|you|them|those|these)\b)(?!.*\b(find|book|search|show|get me|looking|need|leaving|economy|flight|hotel|round trip|one way)\b)/,
    weight: 2.6,
  },
  {
    intent: 'memory',
    pattern:
      /\b(my (food|dietary|seat|seating|travel|hotel|airline)? ?(preferences?|allergies|diet|home airport|loyalty|frequent flyer|passport number)|my favou?rite (airline|hotel|seat|food|cuisine|city|destination))\b/,
    weight: 2.2,
  },
  {
    intent: 'memory',
    pattern:
      /\b(what do you know about (me|my)|what (have|did) i (tell|told|say|said)|do you remember|what are my|where did i (go|travel|stay)|my (past|last|previous) trips?)\b/,
    weight: 4,
  },
  {
    intent: 'memory',
    pattern:
      /\b(i (always|usually|only|never|normally) (fly|book|stay|travel|sit|eat|take|choose|pick|use)|my home (airport|city|town) is|i live in|my (passport|nationality|birthday|wife|husband|partner|kids?|children)('s)? (is|are|name)|i'?m (a )?(member|citizen|gold|silver|platinum) of|call me)\b/,
    weight: 4,
  },
  // "I travel with my dog" states a companion, but a request in the same message still wins.
  {
    intent: 'memory',
    pattern: /\bi (always |usually |normally )?(travel|fly) with (my|a|an|our) /,
    weight: 3,
  },
  {
    intent: 'memory',
    pattern:
      /\b(which|what) (\w+ )?(do|did) i (usually |normally |always )?(prefer|like|fly|choose|pick)\b|\bwhat('?s| is) my (home|usual|preferred|favou?rite|regular)\b|\b(i'?m|i am) no longer\b|\bforget (that|it|this)\s*[.!]?$/,
    weight: 5,
  },
  {
    intent: 'memory',
    pattern:
      /\b(about me|my preferences|my profile|my details|you (know|have|remember|stored|saved) about)\b/,
    weight: 2,
  },
  // "I don't like early morning flights" states a dislike. A request in the same message still
  // wins, because REQUEST below clears memory scores under 4.
  {
    intent: 'memory',
    pattern:
      /\bi (really )?(don'?t|do not) (like|enjoy)\b|\bi (really )?(hate|dislike|can'?t stand)\b/,
    weight: 3.5,
  },
  {
    intent: 'memory',
    pattern:
      /\b(do|did) i have (a |any )?(\w+ )?(preferences?|favou?rites?)\b|\bwhat('?s| is| are) my (\w+ )?preferences?\b/,
    weight: 5,
  },
  // Several parts at once.
  {
    intent: 'trip_planning',
    pattern:
      /\b(itinerar(y|ies)|travel plan|trip plan|plan (a|my|our|the)( \w+)? (trip|vacation|holiday|getaway|journey|visit|honeymoon|break)|plan (a |an )?\d+[- ]day|(help|can you|could you) (me )?plan)\b/,
    weight: 4,
  },
  {
    intent: 'trip_planning',
    pattern:
      /\b(\d+|one|two|three|four|five|six|seven|ten)[- ]day (trip|vacation|holiday|itinerary|travel)|week[- ]long trip|budget\b/,
    weight: 1.5,
  },
  {
    intent: 'trip_planning',
    pattern:
      /\b(organi[sz]e|arrange|put together|craft|devise|design|create|build) (a |an |my |our )?(\w+[- ]day |weekend |week[- ]long )?(trip|travel|vacation|itinerary|plan|getaway|holiday|honeymoon)\b/,
    weight: 3,
  },
  {
    intent: 'trip_planning',
    pattern: /\bcities in\b|\bvisit(ing)? \d+ (different |separate )?cities\b/,
    weight: 2,
  },
];

const NOT_A_REQUEST =
  /\b(songs?|piece|music|movies?|films?|novels?|albums?|band|lyrics|stocks?|shares|make money|business model|who invented|history of|how (do|does) .+ work|physics|bumblebee|video game|simulator|joke|riddle|poem|book club|essay|homework|flight attendant (job|career|salary)|salary|career)\b/;

const HABIT =
  /\bi (always|usually|normally|generally|never|only|tend to) (fly|book|stay|travel|sit|eat|take|choose|pick|use|sleep|rent|go)\b/;

const REQUEST =
  /\b(find|search|show|book|look for|looking for|get me|reserve)\b|^(can|could|would) you\b/;

/** Scores each intent for a lower-cased message; higher is stronger, 0 means no cue. */
export function scoreIntents(lower: string): Record<Exclude<Intent, 'other'>, number> {
  const scores = {
    flight_search: 0,
    lodging_search: 0,
    destination_info: 0,
    memory: 0,
    trip_planning: 0,
  };
  for (const cue of CUES) {
    if (cue.pattern.test(lower)) scores[cue.intent] += cue.weight;
  }
  // Travel words in a sentence about music, money or how things work are not a request.
  if (NOT_A_REQUEST.test(lower)) {
    for (const intent of Object.keys(scores) as Array<keyof typeof scores>) {
      scores[intent] = Math.max(0, scores[intent] - 3);
    }
  }
  // "I usually stay in boutique hotels" states a habit, so its travel words request no search.
  if (HABIT.test(lower) && !REQUEST.test(lower) && !/\b(need|want|looking)\b/.test(lower)) {
    scores.memory += 4;
  }
  // "Find me attractions, I prefer a garden" states a taste for this search, not a fact to keep.
  if (REQUEST.test(lower) && scores.memory < 4) scores.memory = 0;
  return scores;
}

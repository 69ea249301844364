import type { ExtractedMemory } from './types.js';

/** Longer messages are pasted documents, not statements about the user; only the start is read. */
const MAX_INPUT_CHARS = 4000;
const MAX_MEMORY_CHARS = 300;

/** One statement pattern: a regex over a single sentence and the memory it produces. */
interface StatementRule {
  pattern: RegExp;
  build(match: RegExpMatchArray, sentence: string): ExtractedMemory | undefined;
}

const I_AM = String.raw`\bi(?:'m| am|’m)\s+(?:now\s+|also\s+|actually\s+)?`;
const DIET_TYPES = String.raw`(vegetarian|vegan|pescatarian|pescetarian|flexitarian|plant-based)`;
const CABINS = String.raw`(premium economy|economy|business|first)`;
/** Words that end a captured object: a new clause starts there. */
const CLAUSE_END = String.raw`(?=\s+(?:and|but|so|because|though|although|when|while|if)\b|[,;:.!?)]|$)`;

/**
 * Words in a disliked object that point at results the chat showed ("either of those", "what
 * you found", "flight 3") rather than at a lasting taste.
 */
const SHOWN_REFERENCE =
  /\b(?:either|neither|both|all|none|what|how|much|these|those|them|it|you|your)\b|\b\d+(?:st|nd|rd|th)?$/;

/** First words that show a captured "proper name" is not one ("The one near my house"). */
const NOT_A_NAME = /^(?:the|a|an|my|our|your|not|no|none|any|this|that|it|i)$/i;

const RULES: StatementRule[] = [
  {
    pattern: new RegExp(`${I_AM}(?:a |an )?(?:strict )?${DIET_TYPES}\\b`, 'i'),
    build: (match) => memory('preference', 'diet', `I am ${match[1].toLowerCase()}.`),
  },
  {
    pattern: /\bi (?:only |always )?(?:eat|keep) (halal|kosher)\b/i,
    build: (match) => memory('preference', 'diet', `I eat ${match[1].toLowerCase()}.`),
  },
  {
    pattern: new RegExp(
      String.raw`\bi (?:don't|do not|dont|can't|cannot|can not|never|won't) (?:eat|drink) ([\w' -]{2,40}?)${CLAUSE_END}`,
      'i',
    ),
    build: (match) => memory('fact', 'diet', `I don't eat ${match[1].trim().toLowerCase()}.`),
  },
  {
    // Allergies are often listed ("peanuts and shellfish"), so only punctuation ends this one.
    pattern:
      /\ballergic to ([\w' -]{2,60}?)(?=[,;:.!?)]|\s+and (?:my|i|i'm|i’m|we)\b|\s+(?:but|so|because)\b|$)/i,
    build: (match) =>
      memory('fact', 'allergy', `I am allergic to ${match[1].trim().toLowerCase()}.`),
  },
  {
    pattern: /\b(?:i have|i've got|with) (?:an? |severe )*([\w-]{3,20}) allergy\b/i,
    build: (match) => memory('fact', 'allergy', `I have a ${match[1].toLowerCase()} allergy.`),
  },
  {
    pattern: new RegExp(`${I_AM}(lactose intolerant|coeliac|celiac|gluten[- ]free)\\b`, 'i'),
    build: (match) => memory('fact', 'allergy', `I am ${match[1].toLowerCase()}.`),
  },
  {
    pattern:
      /\b(?:prefer|like|love|want|always (?:take|book|choose|get|pick)|always sit in|rather have)\b[^.?!]*?\b(aisle|window|middle)(?: seats?)?\b/i,
    build: (match) => memory('preference', 'seat', `I prefer ${match[1].toLowerCase()} seats.`),
  },
  {
    pattern: /\b(aisle|window) seats? (?:please|for me|if possible|is best|are best)\b/i,
    build: (match) => memory('preference', 'seat', `I prefer ${match[1].toLowerCase()} seats.`),
  },
  {
    pattern: new RegExp(
      String.raw`\bi (?:usually |always |normally |only |prefer to |like to )?(?:fly|book|travel)(?: in)? ${CABINS}(?: class| cabin)?\b`,
      'i',
    ),
    build: (match) => memory('preference', 'cabin', `I fly ${match[1].toLowerCase()} class.`),
  },
  {
    pattern: new RegExp(String.raw`\bprefer ${CABINS} class\b`, 'i'),
    build: (match) => memory('preference', 'cabin', `I fly ${match[1].toLowerCase()} class.`),
  },
  {
    pattern: /\bmy (?:home|local|usual) airport is (.+)/i,
    build: (match) =>
      properNameMemory('preference', 'home_airport', match[1], 'My home airport is'),
  },
  {
    pattern: /\bi (?:usually |always |normally )?fly (?:out )?(?:of|from) (.+)/i,
    build: (match) =>
      properNameMemory('preference', 'home_airport', match[1], 'My home airport is'),
  },
  {
    pattern: /\bi (?:live|am based|'m based|’m based) in (.+)/i,
    build: (match) => properNameMemory('fact', 'home_city', match[1], 'I live in'),
  },
  {
    pattern: /\bmy name is (.+)|\bcall me (.+)/i,
    build: (match) => properNameMemory('fact', 'name', match[1] ?? match[2], 'My name is'),
  },
  {
    pattern:
      /\b(?:my |i have an? |i'm an? |i am an? )?([\w&' -]{2,40}?) (?:number|membership|member number|frequent flyer number) is ([A-Z0-9-]{4,20})\b/i,
    build: (match) => loyaltyMemory(match[1], match[2]),
  },
  {
    pattern:
      /\bi(?:'m| am|’m) an? (gold|silver|platinum|diamond|titanium|elite|executive)(?: status)? (?:member|card ?holder)(?: (?:of|with|at|in) ([\w&' -]{2,40}?))?(?=[,;.!?]|\s+and\b|$)/i,
    build: (match) =>
      memory(
        'fact',
        'loyalty',
        `I am a ${match[1].toLowerCase()} member${match[2] ? ` of ${match[2].trim()}` : ''}.`,
      ),
  },
  {
    pattern:
      /\bi (?:have|hold) (gold|silver|platinum|diamond|elite) status (?:with|at|on) ([\w&' -]{2,40}?)(?=[,;.!?]|\s+and\b|$)/i,
    build: (match) =>
      memory('fact', 'loyalty', `I have ${match[1].toLowerCase()} status with ${match[2].trim()}.`),
  },
  {
    pattern:
      /\bi (?:prefer|like|love|always (?:book|choose|stay in)|usually stay in|only stay in) (boutique hotels?|hotels?|hostels?|apartments?|airbnbs?|b&bs?|guesthouses?|resorts?|self-catering[\w ]*?)(?=[,;.!?]|\s+(?:and|but)\b|$)/i,
    build: (match) => memory('preference', 'lodging', `I prefer ${match[1].toLowerCase()}.`),
  },
  {
    pattern:
      /\bi (?:always |usually |normally )?(?:travel|fly) with (my [\w ]{2,40}?|a [\w ]{2,40}?)(?=[,;.!?]|\s+and (?:i|i'm|i’m|we|it|they)\b|\s+(?:but|so)\b|$)/i,
    build: (match) => memory('fact', 'companions', `I travel with ${match[1].trim()}.`),
  },
  {
    // Each disliked thing is its own topic, so a new dislike does not replace an older one.
    // "I don't like the hotel you found" is about this chat, not a lasting taste, so objects
    // that point at something shown are left out.
    pattern:
      /\bi (?:really )?(?:don't like|don’t like|do not like|dislike|hate|can't stand|can’t stand) (?!(?:the|this|that|these|those|it|them|you|your|any|option|one)\b)([\w' -]{3,60}?)(?=[,;.!?]|\s+(?:and|but|so)\b|$)/i,
    build: (match) => {
      const disliked = match[1].trim().toLowerCase();
      if (SHOWN_REFERENCE.test(disliked)) return undefined;
      return memory('preference', `dislike: ${disliked}`, `I don't like ${disliked}.`);
    },
  },
  {
    pattern:
      /\bi (?:have|need|use) (?:a )?(wheelchair|reduced mobility|mobility (?:aid|scooter|assistance)|walking (?:frame|stick))\b/i,
    build: (match) => memory('fact', 'accessibility', `I need ${match[1].toLowerCase()} access.`),
  },
  {
    pattern: /\bi (?:have|hold) an? ([A-Z][\w]+) passport\b/i,
    build: (match) => memory('fact', 'nationality', `I have a ${match[1]} passport.`),
  },
  {
    pattern:
      /\b(?:[Ii]'m|[Ii] am|[Ii]’m|[Ww]e're|[Ww]e are|[Ww]e’re) (?:flying|going|travelling|traveling|heading|off) to ([A-Z][\w'-]+(?: [A-Z][\w'-]+){0,3})([^.?!]{0,60})/,
    build: (match) => tripMemory(match[1], match[2]),
  },
  {
    pattern: /\b(?:please )?(?:remember|note|keep in mind|don't forget) that (.{5,})/i,
    build: (match) => memory('fact', 'note', sentenceCase(match[1])),
  },
];

/**
 * Pulls facts and preferences from a USER message only (never tool output or pages), with
 * rules over each sentence. Questions are skipped, so "am I vegetarian?" stores nothing.
 */
export function extractMemories(userText: string): ExtractedMemory[] {
  const found = new Map<string, ExtractedMemory>();

  for (const sentence of splitSentences(userText.slice(0, MAX_INPUT_CHARS))) {
    if (isQuestion(sentence)) continue;

    const fromSentence: ExtractedMemory[] = [];
    for (const rule of RULES) {
      const match = sentence.match(rule.pattern);
      const extracted = match ? rule.build(match, sentence) : undefined;
      if (extracted) fromSentence.push(extracted);
    }

    // "remember that ..." restates what a specific rule may already have caught.
    const specific = fromSentence.filter((item) => item.topic !== 'note');
    for (const item of specific.length > 0 ? specific : fromSentence) {
      found.set(`${item.kind}:${item.topic}:${item.text.toLowerCase()}`, item);
    }
  }

  return [...found.values()];
}

function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length > 0);
}

function isQuestion(sentence: string): boolean {
  if (sentence.endsWith('?')) return true;
  return /^(?:am|do|does|did|is|are|can|could|would|should|what|which|who|where|when|why|how)\b/i.test(
    sentence,
  );
}

function memory(kind: ExtractedMemory['kind'], topic: string, text: string): ExtractedMemory {
  return { kind, topic, text: text.slice(0, MAX_MEMORY_CHARS) };
}

/** Keeps the leading run of capitalised words or an IATA code, so "Leeds and I love it" → "Leeds". */
function properNameMemory(
  kind: ExtractedMemory['kind'],
  topic: string,
  rest: string,
  lead: string,
): ExtractedMemory | undefined {
  const name = rest.trim().match(/^(?:[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|\([A-Z]{3}\)))*)/);
  if (!name) return undefined;
  const [first, ...others] = name[0].split(/\s+/);
  // "The" may start a name ("The Hague") but is not one alone.
  const startsName = /^the$/i.test(first) && others.length > 0;
  if (NOT_A_NAME.test(first) && !startsName) return undefined;
  return memory(kind, topic, `${lead} ${name[0]}.`);
}

function loyaltyMemory(programme: string, number: string): ExtractedMemory | undefined {
  const name = programme.trim().replace(/^(?:my|the)\s+/i, '');
  // "my phone number is ..." and similar are not loyalty programmes.
  if (
    /\b(?:phone|mobile|booking|reference|confirmation|order|card|passport|flight|seat|room|ticket)\b/i.test(
      name,
    )
  ) {
    return undefined;
  }
  return memory('fact', 'loyalty', `My ${name} number is ${number}.`);
}

function tripMemory(destination: string, rest: string): ExtractedMemory {
  const when = rest.match(
    /\b(?:in|on|next|this|for) [\w ]{2,30}?(?=[,;.!]|\s+(?:and|but|so)\b|$)/i,
  );
  return memory(
    'trip',
    'upcoming_trip',
    `Trip to ${destination}${when ? ` ${when[0].trim()}` : ''}.`,
  );
}

function sentenceCase(text: string): string {
  const trimmed = text.trim().replace(/[.!]+$/, '');
  return `${trimmed.charAt(0).toUpperCase()}${trimmed.slice(1)}.`;
}

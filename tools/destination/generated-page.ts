/**
 * Builds travel article pages of a chosen size, shaped like a wiki article with its site
 * chrome: navigation, a sidebar, an infobox table, headed sections of paragraphs and lists
 * full of links, inline scripts and styles, and a long footer. The text is generated, so
 * these pages are for tests and benchmarks only. By default the article sits in `<main>` and
 * `<article>`; `markedContent: false` puts it in plain `<div>` elements.
 */
export function generateArticlePage(
  targetBytes: number,
  options: { markedContent?: boolean; seed?: number } = {},
): string {
  const { markedContent = true, seed = 1 } = options;
  // Without `<main>` and `<article>`, extraction has to find the article with readability.
  const [open, close] = markedContent
    ? ['<main><article>', '</article></main>']
    : ['<div class="content"><div class="body">', '</div></div>'];
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];

  const head = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Lisbon – Travel guide</title>
<style>${'.mw-body{margin:0 auto} .sidebar a{color:#36c} '.repeat(40)}</style>
<script>${'window.dataLayer=window.dataLayer||[];dataLayer.push({page:"article"});'.repeat(30)}</script>
</head><body>
<header><nav class="top">${navigationLinks(40, pick)}</nav></header>
<div class="layout"><aside class="sidebar">${navigationLinks(120, pick)}</aside>
${open}<h1>Lisbon</h1>
<table class="infobox"><tr><th>Country</th><td>Portugal</td></tr><tr><th>Population</th><td>545,000</td></tr><tr><th>Currency</th><td>Euro (EUR)</td></tr></table>`;
  const tail = `${close}</div>
<footer>${navigationLinks(80, pick)}<p>Text is available under a free licence.</p></footer>
<script>${'console.info("analytics");'.repeat(20)}</script></body></html>`;

  const parts: string[] = [head];
  let size = head.length + tail.length;
  let sectionIndex = 0;
  while (size < targetBytes) {
    const section = sectionHtml(sectionIndex, pick);
    parts.push(section);
    size += section.length;
    sectionIndex += 1;
  }
  parts.push(tail);
  return parts.join('\n');
}

const headings = [
  'Understand',
  'Get in',
  'Get around',
  'See',
  'Do',
  'Buy',
  'Eat',
  'Drink',
  'Sleep',
];
const districts = ['Alfama', 'Baixa', 'Chiado', 'Belem', 'Graca', 'Mouraria', 'Principe Real'];
const subjects = ['Tram 28', 'The ferry', 'A pastry shop', 'The castle', 'The market', 'A bus'];
const verbs = ['climbs towards', 'leaves from', 'opens near', 'sits above', 'runs through'];
const endings = [
  'so arrive early to avoid the queues.',
  'and tickets cost a few euros.',
  'which locals recommend on weekdays.',
  'although the hills make the walk steep.',
  'and the view over the river is worth the effort.',
];

function sectionHtml(index: number, pick: <T>(items: readonly T[]) => T): string {
  const paragraphs: string[] = [];
  for (let count = 0; count < 6; count += 1) {
    const sentences: string[] = [];
    for (let sentence = 0; sentence < 5; sentence += 1) {
      const district = pick(districts);
      sentences.push(
        `${pick(subjects)} ${pick(verbs)} <a href="/wiki/${district}">${district}</a>, ${pick(endings)}`,
      );
    }
    paragraphs.push(`<p>${sentences.join(' ')}</p>`);
  }
  const items = districts.map((district) => `<li><b>${district}</b>: ${pick(endings)}</li>`);
  return `<h2>${headings[index % headings.length]} (${index + 1})</h2>
<div class="section">${paragraphs.join('\n')}<ul>${items.join('')}</ul></div>`;
}

function navigationLinks(count: number, pick: <T>(items: readonly T[]) => T): string {
  const links: string[] = [];
  for (let index = 0; index < count; index += 1) {
    links.push(`<li><a href="/wiki/Page_${index}">${pick(districts)} ${index}</a></li>`);
  }
  return `<ul>${links.join('')}</ul>`;
}

/** Mulberry32, a small deterministic generator, so every run builds the same pages. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

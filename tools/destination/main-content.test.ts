import { describe, expect, it } from 'vitest';
import { extractMainContent } from './main-content.js';

const prose = 'Lisbon trams climb the hills of Alfama every few minutes. '.repeat(5);

function page(body: string): string {
  return `<!doctype html><html><head><title>Lisbon | Guide site</title></head><body>
<nav><a href="/">Home</a> NAV-MARKER</nav>${body}<footer>FOOTER-MARKER</footer></body></html>`;
}

describe('extractMainContent', () => {
  it('converts headings, lists and tables', () => {
    const content = extractMainContent(
      page(`<main><h1>Lisbon</h1><p>${prose}</p><h2>Get around</h2>
<ul><li>Tram 28</li><li>Metro <b>red</b> line</li></ul>
<table><tr><th>Line</th><th>Fare</th></tr><tr><td>Tram</td><td>3 EUR</td></tr></table></main>`),
    );
    expect(content?.title).toBe('Lisbon');
    expect(content?.markdown).toContain('# Lisbon');
    expect(content?.markdown).toContain('## Get around');
    expect(content?.markdown).toContain('- Tram 28\n\n- Metro red line');
    expect(content?.markdown).toContain('Line | Fare\n\nTram | 3 EUR');
  });

  it('leaves out navigation and footer', () => {
    const content = extractMainContent(page(`<article><p>${prose}</p></article>`));
    expect(content?.markdown).toContain('Lisbon trams climb');
    expect(content?.markdown).not.toContain('NAV-MARKER');
    expect(content?.markdown).not.toContain('FOOTER-MARKER');
  });

  it('reads the MediaWiki content element', () => {
    const content = extractMainContent(
      page(
        `<div id="mw-content-text"><p>${prose}</p><span class="mw-editsection">edit</span></div>`,
      ),
    );
    expect(content?.markdown).toContain('Lisbon trams climb');
    expect(content?.markdown).not.toContain('edit');
  });

  it('uses the page title without a heading', () => {
    const content = extractMainContent(page(`<div role="main"><p>${prose}</p></div>`));
    expect(content?.title).toBe('Lisbon | Guide site');
  });

  it('escapes a leading hash', () => {
    const content = extractMainContent(page(`<main><p>${prose}</p><p>#1 tip: walk</p></main>`));
    expect(content?.markdown).toContain('\\#1 tip: walk');
  });

  it('returns undefined without marked content', () => {
    expect(extractMainContent(page(`<div class="content"><p>${prose}</p></div>`))).toBeUndefined();
  });

  it('returns undefined for a short main element', () => {
    expect(extractMainContent(page('<main><p>Too short.</p></main>'))).toBeUndefined();
  });

  it('closes a hidden element left open', () => {
    const content = extractMainContent(
      page(`<main><p>${prose}</p><div hidden><p>SECRET<p>STILL SECRET</div><p>After.</p></main>`),
    );
    expect(content?.markdown).not.toContain('SECRET');
    expect(content?.markdown).toContain('After.');
  });
});

import { describe, expect, it } from 'vitest';
import { findHiddenSelectors, hidesElement, matchesHiddenSelector } from './hidden-styles.js';

function selectorsOf(css: string) {
  const hidden = findHiddenSelectors(`<html><head><style>${css}</style></head></html>`);
  return { classes: [...hidden.classes].sort(), ids: [...hidden.ids].sort() };
}

describe('findHiddenSelectors', () => {
  const cases: Array<[string, string, { classes: string[]; ids: string[] }]> = [
    ['display none class', '.a { display: none }', { classes: ['a'], ids: [] }],
    ['visibility hidden id', '#b{visibility:hidden}', { classes: [], ids: ['b'] }],
    ['zero font size', '.c { font-size: 0 }', { classes: ['c'], ids: [] }],
    ['zero opacity important', '.d { opacity: 0 !important; }', { classes: ['d'], ids: [] }],
    ['tag and class', 'span.e { display:none }', { classes: ['e'], ids: [] }],
    ['selector list', '.f, #g { display: none }', { classes: ['f'], ids: ['g'] }],
    [
      'screen media query',
      '@media (min-width: 1px) { .h { display: none } }',
      {
        classes: ['h'],
        ids: [],
      },
    ],
    ['print media query', '@media print { .i { display: none } }', { classes: [], ids: [] }],
    ['descendant selector', '.j .k { display: none }', { classes: [], ids: [] }],
    ['visible rule', '.l { color: red; font-size: 0.8em }', { classes: [], ids: [] }],
    ['commented rule', '/* .m { display: none } */', { classes: [], ids: [] }],
    [
      'keyframes',
      '@keyframes fade { from { opacity: 0 } to { opacity: 1 } }',
      {
        classes: [],
        ids: [],
      },
    ],
  ];
  for (const [name, css, expected] of cases) {
    it(`reads ${name}`, () => {
      expect(selectorsOf(css)).toEqual(expected);
    });
  }

  it('reads every style block', () => {
    const html =
      '<style>.a{display:none}</style><p>text</p><STYLE media="all">#b{opacity:0}</STYLE>';
    const hidden = findHiddenSelectors(html);
    expect([...hidden.classes]).toEqual(['a']);
    expect([...hidden.ids]).toEqual(['b']);
  });
});

describe('matchesHiddenSelector', () => {
  const hidden = { classes: new Set(['ghost']), ids: new Set(['promo']) };

  it('matches one of several classes', () => {
    expect(matchesHiddenSelector(hidden, 'lead  ghost', undefined)).toBe(true);
  });

  it('matches an id', () => {
    expect(matchesHiddenSelector(hidden, undefined, 'promo')).toBe(true);
  });

  it('ignores a class name prefix', () => {
    expect(matchesHiddenSelector(hidden, 'ghostly', 'promotion')).toBe(false);
  });
});

describe('hidesElement', () => {
  it('keeps a small font', () => {
    expect(hidesElement('font-size: 0.5em')).toBe(false);
  });

  it('hides an off-screen indent', () => {
    expect(hidesElement('text-indent: -9999px')).toBe(true);
  });
});

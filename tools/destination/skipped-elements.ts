import { hidesElement, matchesHiddenSelector, type HiddenSelectors } from './hidden-styles.js';

/** Elements whose text is code, markup, form state or site chrome rather than article prose. */
const skippedTags = new Set([
  'script',
  'style',
  'template',
  'noscript',
  'iframe',
  'object',
  'embed',
  'svg',
  'math',
  'canvas',
  'form',
  'input',
  'select',
  'textarea',
  'button',
  'nav',
  'aside',
  'footer',
  'img',
  'picture',
  'video',
  'audio',
  'figure',
]);

/** MediaWiki boilerplate inside the article: edit links, the table of contents, navboxes. */
const skippedClasses = new Set(['mw-editsection', 'toc', 'navbox', 'noprint', 'mw-jump-link']);

/**
 * Reports whether an element and everything inside it stay out of the extracted text: code
 * and media, site chrome, and anything hidden by an attribute, an inline style or the page's
 * own stylesheet rules.
 */
export function isSkippedElement(
  name: string,
  attributes: Record<string, string>,
  hiddenSelectors: HiddenSelectors,
): boolean {
  return (
    skippedTags.has(name) ||
    isHiddenElement(attributes) ||
    hasSkippedClass(attributes.class) ||
    matchesHiddenSelector(hiddenSelectors, attributes.class, attributes.id)
  );
}

function isHiddenElement(attributes: Record<string, string>): boolean {
  return (
    'hidden' in attributes ||
    attributes['aria-hidden']?.trim().toLowerCase() === 'true' ||
    attributes.type?.trim().toLowerCase() === 'hidden' ||
    (attributes.style !== undefined && hidesElement(attributes.style))
  );
}

function hasSkippedClass(classAttribute: string | undefined): boolean {
  return (
    classAttribute !== undefined &&
    classAttribute.split(/\s+/).some((name) => skippedClasses.has(name))
  );
}

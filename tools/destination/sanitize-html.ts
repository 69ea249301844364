import { parseHTML } from 'linkedom';
import { findHiddenSelectors, hidesElement, matchesHiddenSelector } from './hidden-styles.js';

/**
 * Characters a reader never sees but a model reads: zero-width and bidirectional controls,
 * soft hyphens, variation selectors and the Unicode tag block, which can spell out whole
 * hidden sentences.
 */
const invisibleCharacters =
  /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFE00-\uFE0F\uFEFF]|[\u{E0000}-\u{E007F}\u{E0100}-\u{E01EF}]/gu;

/** Elements whose text is code, markup or form state rather than page prose. */
const nonContentSelector = [
  'script',
  'style',
  'template',
  'noscript',
  'iframe',
  'object',
  'embed',
  'svg',
  'canvas',
  'form',
  'input',
  'select',
  'textarea',
  'button',
].join(',');

const hiddenSelector = '[hidden], [aria-hidden="true" i], [type="hidden" i]';

const showComment = 128;

/** Removes invisible formatting characters from text. */
export function removeInvisibleCharacters(text: string): string {
  return text.replace(invisibleCharacters, '');
}

/**
 * Parses HTML into a document with everything a visitor would not see removed: scripts and
 * styles, hidden elements (by attribute, inline style or the page's own stylesheet rules),
 * comments and invisible characters. Pages can hide instructions for a model in exactly
 * those places, so this runs before any text is extracted.
 */
export function parseVisibleDocument(html: string): Document {
  const hiddenSelectors = findHiddenSelectors(html);
  const { document } = parseHTML(removeInvisibleCharacters(html));

  for (const element of document.querySelectorAll(nonContentSelector)) {
    element.remove();
  }
  for (const element of document.querySelectorAll(hiddenSelector)) {
    element.remove();
  }
  for (const element of document.querySelectorAll('[style]')) {
    if (hidesElement(element.getAttribute('style') ?? '')) {
      element.remove();
    }
  }
  if (hiddenSelectors.classes.size > 0 || hiddenSelectors.ids.size > 0) {
    for (const element of document.querySelectorAll('[class], [id]')) {
      const hidden = matchesHiddenSelector(
        hiddenSelectors,
        element.getAttribute('class'),
        element.getAttribute('id'),
      );
      if (hidden) {
        element.remove();
      }
    }
  }

  removeComments(document);
  // Character references such as &#8203; only become characters once parsed.
  cleanTextNodes(document);
  return document as unknown as Document;
}

function removeComments(document: ReturnType<typeof parseHTML>['document']): void {
  const walker = document.createTreeWalker(document, showComment);
  const comments: Node[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    comments.push(node as unknown as Node);
  }
  for (const comment of comments) {
    comment.parentNode?.removeChild(comment);
  }
}

function cleanTextNodes(document: ReturnType<typeof parseHTML>['document']): void {
  const showText = 4;
  const walker = document.createTreeWalker(document, showText);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.nodeValue ?? '';
    const cleaned = removeInvisibleCharacters(text);
    if (cleaned !== text) {
      node.nodeValue = cleaned;
    }
  }
}

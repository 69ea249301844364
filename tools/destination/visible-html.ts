import { Parser } from 'htmlparser2';
import { findHiddenSelectors } from './hidden-styles.js';
import { removeInvisibleCharacters } from './sanitize-html.js';
import { isSkippedElement } from './skipped-elements.js';

/** Elements without an end tag, which must not get one when the markup is written back. */
const voidTags = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);

/**
 * Rewrites a page as lean HTML for readability in one streaming pass: skipped and hidden
 * elements, comments and invisible characters are dropped, and only `class` and `id`
 * attributes are kept, because readability scores elements by them. Link targets go too,
 * which spares readability from resolving every URL.
 */
export function toVisibleHtml(html: string): string {
  const hiddenSelectors = findHiddenSelectors(html);
  const output: string[] = [];
  const skippedStack: boolean[] = [];
  let skippedDepth = 0;

  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const skipped = skippedDepth > 0 || isSkippedElement(name, attributes, hiddenSelectors);
        skippedStack.push(skipped);
        if (skipped) {
          skippedDepth += 1;
          return;
        }
        const keptAttributes = ['class', 'id']
          .filter((attribute) => attributes[attribute] !== undefined)
          .map((attribute) => ` ${attribute}="${escapeAttribute(attributes[attribute])}"`)
          .join('');
        output.push(`<${name}${keptAttributes}>`);
      },
      ontext(text) {
        if (skippedDepth === 0) {
          output.push(escapeText(text));
        }
      },
      onclosetag(name) {
        const skipped = skippedStack.pop();
        if (skipped) {
          skippedDepth -= 1;
          return;
        }
        if (!voidTags.has(name)) {
          output.push(`</${name}>`);
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(removeInvisibleCharacters(html));

  return removeInvisibleCharacters(output.join(''));
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;');
}

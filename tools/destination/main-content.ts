import { Parser } from 'htmlparser2';
import { findHiddenSelectors } from './hidden-styles.js';
import { removeInvisibleCharacters } from './sanitize-html.js';
import { isSkippedElement } from './skipped-elements.js';

/** The article text of a page whose markup marks its main content, as markdown. */
export interface MainContent {
  title?: string;
  markdown: string;
}

/**
 * Elements that contain the main content, by the HTML standard (`article`, `main`,
 * `role="main"`) or by MediaWiki, which serves Wikivoyage (`#mw-content-text`).
 */
const contentRootTags = new Set(['article', 'main']);
const contentRootIds = new Set(['mw-content-text']);

const blockTags = new Set([
  'p',
  'div',
  'section',
  'header',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'table',
  'tr',
  'blockquote',
  'pre',
  'br',
  'hr',
  'details',
  'summary',
]);

const headingLevels: Record<string, number> = { h1: 1, h2: 2, h3: 3, h4: 4, h5: 5, h6: 6 };

interface OpenElement {
  name: string;
  skipped: boolean;
  root: boolean;
}

/**
 * Extracts the main content of a page in one streaming pass, without building a DOM, when
 * the page marks it with `<article>`, `<main>`, `role="main"` or MediaWiki's content id.
 * Hidden elements (by attribute, inline style or the page's own stylesheet rules),
 * comments, navigation and invisible characters are dropped on the way. Returns undefined
 * when no marked content contains at least `minChars` of text, so the caller can fall back to
 * readability.
 */
export function extractMainContent(html: string, minChars = 200): MainContent | undefined {
  const hiddenSelectors = findHiddenSelectors(html);
  const blocks: string[] = [];
  const stack: OpenElement[] = [];
  let skippedDepth = 0;
  let rootDepth = 0;
  let inline = '';
  let headingLevel = 0;
  let titleText: string | undefined;
  let firstHeading: string | undefined;
  let insideTitle = false;
  let textLength = 0;

  const flush = () => {
    const text = inline
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/\s*\|$/, '');
    inline = '';
    if (text === '') {
      return;
    }
    textLength += text.length;
    if (headingLevel > 0) {
      firstHeading ??= headingLevel === 1 ? text : undefined;
      blocks.push(`${'#'.repeat(headingLevel)} ${text}`);
      return;
    }
    // A line that starts with `#` would read as a heading when the markdown is split.
    blocks.push(text.replace(/^#/, '\\#'));
  };

  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === 'title' && titleText === undefined) {
          insideTitle = true;
        }
        const skipped = isSkippedElement(name, attributes, hiddenSelectors);
        const root =
          contentRootTags.has(name) ||
          attributes.role === 'main' ||
          contentRootIds.has(attributes.id ?? '');
        stack.push({ name, skipped, root });
        if (skipped) {
          skippedDepth += 1;
        }
        if (root) {
          rootDepth += 1;
        }
        if (skippedDepth > 0 || rootDepth === 0) {
          return;
        }

        if (name in headingLevels) {
          flush();
          headingLevel = headingLevels[name];
        } else if (blockTags.has(name)) {
          flush();
          if (name === 'li') {
            inline = '- ';
          }
        }
      },
      ontext(text) {
        if (insideTitle) {
          titleText = `${titleText ?? ''}${text}`;
          return;
        }
        if (skippedDepth === 0 && rootDepth > 0) {
          inline += text;
        }
      },
      onclosetag(name) {
        if (name === 'title') {
          insideTitle = false;
        }
        const index = stack.map((element) => element.name).lastIndexOf(name);
        if (index === -1) {
          return;
        }
        for (const element of stack.splice(index)) {
          closeElement(element);
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );

  function closeElement(element: OpenElement): void {
    const visible = skippedDepth === 0 && rootDepth > 0;
    if (visible && element.name in headingLevels) {
      flush();
      headingLevel = 0;
    } else if (visible && blockTags.has(element.name)) {
      flush();
    } else if (visible && (element.name === 'td' || element.name === 'th')) {
      inline += ' | ';
    }
    if (element.skipped) {
      skippedDepth -= 1;
    }
    if (element.root) {
      rootDepth -= 1;
    }
  }

  parser.end(removeInvisibleCharacters(html));
  flush();

  if (textLength < minChars) {
    return undefined;
  }
  const markdown = removeInvisibleCharacters(blocks.join('\n\n'));
  const title = removeInvisibleCharacters(firstHeading ?? titleText?.trim() ?? '').trim();
  return { title: title || undefined, markdown };
}

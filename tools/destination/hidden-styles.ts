/**
 * CSS declarations that hide an element. A value ends at `;`, `!important` or the end of the
 * declaration block.
 */
const hidingDeclarations = [
  /display\s*:\s*none/i,
  /visibility\s*:\s*(hidden|collapse)/i,
  /font-size\s*:\s*0*\.?0+(px|em|rem|pt|%|vw|vh)?\s*(;|!|$)/i,
  /opacity\s*:\s*0*\.?0+\s*(;|!|$)/i,
  /(left|top|text-indent)\s*:\s*-\d{4,}(px|em|rem)/i,
];

/** Reports whether a declaration block (an inline `style` or a rule body) hides its element. */
export function hidesElement(declarations: string): boolean {
  return hidingDeclarations.some((pattern) => pattern.test(declarations));
}

/** Class names and ids that the page's own stylesheets hide. */
export interface HiddenSelectors {
  classes: Set<string>;
  ids: Set<string>;
}

/** A selector that is one class or id, optionally after a tag name: `.x`, `#y`, `span.x`. */
const simpleSelector = /^[a-z][a-z0-9-]*?([.#])([\w-]+)$|^([.#])([\w-]+)$/i;

/**
 * Finds class and id selectors that the `<style>` blocks of a page hide with display,
 * visibility, font-size, opacity or an off-screen offset. Rules inside `@media`, `@supports`,
 * `@layer` and `@container` blocks count, except under `@media print`.
 * NOTE: compound, descendant and attribute selectors are not evaluated, and neither are
 * external stylesheets, so content hidden that way still reaches passages.
 */
export function findHiddenSelectors(html: string): HiddenSelectors {
  const hidden: HiddenSelectors = { classes: new Set(), ids: new Set() };
  for (const match of html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi)) {
    collectHiddenRules(match[1].replace(/\/\*[\s\S]*?\*\//g, ''), hidden);
  }
  return hidden;
}

/** Walks a stylesheet's rules, tracking the at-rule blocks that enclose each one. */
function collectHiddenRules(css: string, hidden: HiddenSelectors): void {
  // Each entry is true when rules in that block apply to the screen.
  const blocks: boolean[] = [];
  let position = 0;

  while (position < css.length) {
    const open = css.indexOf('{', position);
    const close = css.indexOf('}', position);
    if (close !== -1 && (open === -1 || close < open)) {
      blocks.pop();
      position = close + 1;
      continue;
    }
    if (open === -1) {
      return;
    }

    const prelude = css.slice(position, open).trim();
    if (prelude.startsWith('@')) {
      const screenRules = /^@(media|supports|layer|container)\b/i.test(prelude);
      const printOnly = /^@media\s+print\s*$/i.test(prelude);
      blocks.push(screenRules && !printOnly && blocks.every(Boolean));
      position = open + 1;
      continue;
    }

    const end = css.indexOf('}', open);
    const body = css.slice(open + 1, end === -1 ? css.length : end);
    if (blocks.every(Boolean) && hidesElement(body)) {
      addSelectors(prelude, hidden);
    }
    position = end === -1 ? css.length : end + 1;
  }
}

function addSelectors(selectorList: string, hidden: HiddenSelectors): void {
  for (const selector of selectorList.split(',')) {
    const match = simpleSelector.exec(selector.trim());
    if (!match) {
      continue;
    }
    const kind = match[1] ?? match[3];
    const name = match[2] ?? match[4];
    (kind === '.' ? hidden.classes : hidden.ids).add(name);
  }
}

/** Reports whether an element's class or id attribute names a hidden selector. */
export function matchesHiddenSelector(
  hidden: HiddenSelectors,
  classAttribute: string | undefined | null,
  idAttribute: string | undefined | null,
): boolean {
  if (idAttribute && hidden.ids.has(idAttribute.trim())) {
    return true;
  }
  if (!classAttribute || hidden.classes.size === 0) {
    return false;
  }
  return classAttribute.split(/\s+/).some((name) => hidden.classes.has(name));
}

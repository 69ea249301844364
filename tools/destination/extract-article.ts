import { Readability } from '@mozilla/readability';
import { setImmediate } from 'node:timers/promises';
import TurndownService from 'turndown';
import { parseVisibleDocument, removeInvisibleCharacters } from './sanitize-html.js';

/** A part of an article under one heading, as markdown. */
export interface ArticleSection {
  heading?: string;
  markdown: string;
}

export interface ExtractedArticle {
  title: string;
  sections: ArticleSection[];
}

const markdownConverter = createMarkdownConverter();

/**
 * Extracts the main article of an HTML page as markdown sections: hidden content is removed
 * first, then readability picks the article and turndown converts it.
 * NOTE: the parsers run on the main thread. A 2 MiB page took about 1.5 to 3 s of CPU on the
 * 2-core development machine (tsx, Node 20), so the event loop is released between stages,
 * but each stage still blocks for up to about 0.7 s. A worker thread would remove this.
 */
export async function extractHtmlArticle(html: string, pageUrl: string): Promise<ExtractedArticle> {
  const document = parseVisibleDocument(html);
  const fallbackTitle = document.title?.trim() || new URL(pageUrl).hostname;
  await setImmediate();

  const article = new Readability(document, { charThreshold: 200 }).parse();
  // Readability returns null when it finds no content, and then the whole visible body is
  // used. Readability has rewritten the document by then, so the page is parsed again.
  const articleHtml = article?.content ?? parseVisibleDocument(html).body?.innerHTML ?? '';
  await setImmediate();

  const markdown = removeInvisibleCharacters(markdownConverter.turndown(articleHtml));
  return {
    title: removeInvisibleCharacters(article?.title?.trim() || fallbackTitle),
    sections: splitIntoSections(markdown),
  };
}

/** Treats a plain-text page as markdown, so `#` headings still split it into sections. */
export function extractPlainTextArticle(text: string, pageUrl: string): ExtractedArticle {
  const cleaned = removeInvisibleCharacters(text);
  const firstLine = cleaned.split('\n').find((line) => line.trim() !== '');
  const title =
    firstLine
      ?.replace(/^#+\s*/, '')
      .trim()
      .slice(0, 120) || new URL(pageUrl).hostname;
  return { title, sections: splitIntoSections(cleaned) };
}

/** Splits markdown at ATX headings; text before the first heading is a section without one. */
export function splitIntoSections(markdown: string): ArticleSection[] {
  const sections: ArticleSection[] = [];
  let heading: string | undefined;
  let lines: string[] = [];

  const flush = () => {
    const body = lines.join('\n').trim();
    if (body !== '') {
      sections.push({ heading, markdown: body });
    }
  };

  for (const line of markdown.split(/\r?\n/)) {
    const match = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!match) {
      lines.push(line);
      continue;
    }
    flush();
    heading = match[1].replace(/\\(.)/g, '$1');
    lines = [];
  }
  flush();

  return sections;
}

function createMarkdownConverter(): TurndownService {
  const converter = new TurndownService({
    headingStyle: 'atx',
    bulletListMarker: '-',
    codeBlockStyle: 'fenced',
  });

  // Passages go to a model: images add nothing, and link targets would let a page plant URLs
  // the model might repeat, so links keep only their text.
  converter.remove(['img', 'picture', 'video', 'audio', 'figure']);
  converter.addRule('linkTextOnly', {
    filter: 'a',
    replacement: (content) => content,
  });
  return converter;
}

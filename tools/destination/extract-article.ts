import { Readability } from '@mozilla/readability';
import TurndownService from 'turndown';
import { extractMainContent } from './main-content.js';
import { parseVisibleDocument, removeInvisibleCharacters } from './sanitize-html.js';
import { toVisibleHtml } from './visible-html.js';

/** A part of an article under one heading, as markdown. */
export interface ArticleSection {
  heading?: string;
  markdown: string;
}

export interface ExtractedArticle {
  title: string;
  sections: ArticleSection[];
}

/**
 * Visible HTML handed to readability is cut at this length. Readability and its DOM took
 * about 0.8 ms of CPU per KB in `bench/destination.bench.ts` (Node 20, 2-core AMD EPYC), so a
 * longer page would keep the extraction thread busy for seconds.
 */
export const readabilityMaxChars = 512 * 1024;

const markdownConverter = createMarkdownConverter();

/**
 * Extracts the main article of an HTML page as markdown sections, with hidden content
 * removed first. Pages that mark their content (`<article>`, `<main>`, MediaWiki's content
 * id) take a streaming pass without a DOM; other pages go through readability and turndown.
 */
export function extractHtmlArticle(html: string, pageUrl: string): ExtractedArticle {
  const fallbackTitle = new URL(pageUrl).hostname;

  const mainContent = extractMainContent(html);
  if (mainContent) {
    return {
      title: mainContent.title ?? fallbackTitle,
      sections: splitIntoSections(mainContent.markdown),
    };
  }

  return extractWithReadability(html, fallbackTitle);
}

/**
 * Runs readability on the visible part of a page and converts the article it picks to
 * markdown. Hidden content is removed twice: by the streaming rewrite, then by the DOM pass.
 */
export function extractWithReadability(html: string, fallbackTitle: string): ExtractedArticle {
  // NOTE: text past `readabilityMaxChars` is not read on pages without marked main content.
  const visibleHtml = toVisibleHtml(html);
  const cappedHtml =
    visibleHtml.length > readabilityMaxChars
      ? visibleHtml.slice(0, readabilityMaxChars)
      : visibleHtml;
  const document = parseVisibleDocument(cappedHtml);
  const title = document.title?.trim() || fallbackTitle;

  const article = new Readability(document, {
    charThreshold: 200,
    serializer: (element) => element,
  }).parse();
  // Readability returns null when it finds no content, and then the whole visible body is
  // used. Readability has rewritten the document by then, so the page is parsed again.
  const articleRoot = (article?.content ?? parseVisibleDocument(cappedHtml).body) as
    HTMLElement | null | undefined;
  const markdown = articleRoot ? markdownConverter.turndown(articleRoot) : '';

  return {
    title: removeInvisibleCharacters(article?.title?.trim() || title),
    sections: splitIntoSections(removeInvisibleCharacters(markdown)),
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

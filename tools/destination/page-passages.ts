import {
  extractHtmlArticle,
  extractPlainTextArticle,
  type ExtractedArticle,
} from './extract-article.js';
import type { FetchedPage } from './page-fetcher.js';
import { rankPassages, splitIntoPassages } from './rank-passages.js';
import type { DestinationPassage } from './types.js';

export interface PagePassages {
  title: string;
  passages: DestinationPassage[];
  /** True when no passage shared a term with the query, so the introduction is returned instead. */
  usedIntroduction: boolean;
}

/** An HTML article extractor. The guide passes one that runs on a worker thread. */
export type HtmlExtractor = (html: string, pageUrl: string) => Promise<ExtractedArticle>;

/** A page's extracted article and the URL it was read from, after redirects. */
export interface PageArticle extends ExtractedArticle {
  url: string;
}

/** Extracts a fetched page's article, as markdown sections. */
export async function extractPageArticle(
  page: FetchedPage,
  extractHtml: HtmlExtractor = async (html, pageUrl) => extractHtmlArticle(html, pageUrl),
): Promise<PageArticle> {
  const article =
    page.contentType === 'text/plain'
      ? extractPlainTextArticle(page.text, page.url)
      : await extractHtml(page.text, page.url);
  return { url: page.url, title: article.title, sections: article.sections };
}

/** Returns the article passages that best match `query`, or the first passage when none matches. */
export function selectArticlePassages(
  article: PageArticle,
  query: string,
  limit: number,
): PagePassages {
  const passages = splitIntoPassages(article.sections);
  const toDestinationPassage = (passage: { text: string; section?: string; score: number }) => ({
    text: passage.text,
    sourceUrl: article.url,
    title: article.title,
    section: passage.section,
    score: passage.score,
  });

  const ranked = rankPassages(passages, query, limit);
  if (ranked.length > 0 || passages.length === 0) {
    return {
      title: article.title,
      passages: ranked.map(toDestinationPassage),
      usedIntroduction: false,
    };
  }
  return {
    title: article.title,
    passages: [toDestinationPassage({ ...passages[0], score: 0 })],
    usedIntroduction: true,
  };
}

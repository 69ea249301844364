/** Reason a page fetch failed. The guide turns each into a note or a ToolError. */
export type PageFetchFailure =
  | 'invalid_url'
  | 'blocked_address'
  | 'dns_failed'
  | 'robots_disallowed'
  | 'timeout'
  | 'too_large'
  | 'unsupported_type'
  | 'too_many_redirects'
  | 'http_error'
  | 'network_error'
  | 'unreadable';

/** A page fetch that failed for a reason the user can understand; the message names the URL. */
export class PageFetchError extends Error {
  constructor(
    readonly failure: PageFetchFailure,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'PageFetchError';
  }
}

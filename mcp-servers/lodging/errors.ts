/** A mistake in the tool arguments; the message names the field so the model can fix it. */
export class LodgingInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'LodgingInputError';
  }
}

/** A failure of the stays provider (Duffel), with a message the model can pass on. */
export class LodgingProviderError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly details?: { retryAfterSeconds?: number },
  ) {
    super(message);
    this.name = 'LodgingProviderError';
  }
}

/** The time limit of one tool call ran out; used as the abort reason of the provider's signal. */
export class LodgingTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs / 1000} s`);
    this.name = 'LodgingTimeoutError';
  }
}

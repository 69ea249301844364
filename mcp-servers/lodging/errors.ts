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
  ) {
    super(message);
    this.name = 'LodgingProviderError';
  }
}

export type {
  DestinationFact,
  DestinationGuide,
  DestinationGuideOptions,
  DestinationInput,
  DestinationPassage,
  DestinationPlace,
  DestinationResult,
} from './types.js';
export { createDestinationGuide } from './guide.js';
export { wrapUntrusted } from './untrusted-content.js';
export { blockedAddressReason, isBlockedAddress } from './address-check.js';
export { PageFetchError, type PageFetchFailure } from './fetch-error.js';

export { classify, CONFIDENCE_THRESHOLD, REQUIRED_SLOTS } from './classify.js';
export type { Classification, ClassifyContext, Intent, Slots } from './types.js';

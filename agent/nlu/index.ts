export { classify } from './classify.js';
export type { Classification, ClassifyContext, Intent, Slots } from './types.js';

import type { EndLink } from './recruitment.ts';

export interface Ending {
  link: EndLink | null;
  /** Short reference of the participant (security/participant-codes.ts), for an erasure request. */
  reference: string;
  /** How to ask for erasure (the study's contact), when the consent declares one. */
  erasureContact?: string;
}

/** A page the participant should see instead of the one asked for: a status, a title and message from the locales. */
export class PageError extends Error {
  readonly status: number;
  readonly titleKey: string;
  readonly messageKey: string;
  readonly problems: string[];
  /** An ended participation: where the platform expects them back, and the reference to quote for erasure. */
  readonly ending?: Ending;
  constructor(status: number, key: string, problems: string[] = [], ending?: Ending) {
    super(key);
    if (ending) this.ending = ending;
    this.name = 'PageError';
    this.status = status;
    this.titleKey = `pages.${key}.title`;
    this.messageKey = `pages.${key}.message`;
    this.problems = problems;
  }
}

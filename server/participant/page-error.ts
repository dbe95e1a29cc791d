/** A page the participant should see instead of the one asked for: a status, a title and message from the locales. */
export class PageError extends Error {
  readonly status: number;
  readonly titleKey: string;
  readonly messageKey: string;
  readonly problems: string[];
  constructor(status: number, key: string, problems: string[] = []) {
    super(key);
    this.name = 'PageError';
    this.status = status;
    this.titleKey = `pages.${key}.title`;
    this.messageKey = `pages.${key}.message`;
    this.problems = problems;
  }
}

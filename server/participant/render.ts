import type { Response } from 'express';
import type { Translator } from '../i18n.ts';

/** Locals every participant page gets: the translator, the language, and the participant's own links. */
export interface PageLocals {
  tr: Translator;
  title: string;
  /** The participant's own base link, for the "stop and withdraw" link; absent before joining or after ending. */
  participantPath?: string;
  [key: string]: unknown;
}

export function renderPage(res: Response, status: number, view: string, locals: PageLocals): void {
  res.status(status).render(view, { lang: locals.tr.lang, t: locals.tr.t, ...locals });
}

/** The generic message page (errors, study closed, participant ended...). */
export function renderMessage(
  res: Response,
  status: number,
  tr: Translator,
  key: { titleKey: string; messageKey: string; problems?: string[]; backPath?: string; participantPath?: string },
): void {
  renderPage(res, status, 'participant/message', {
    tr,
    title: tr.t(key.titleKey),
    heading: tr.t(key.titleKey),
    message: tr.t(key.messageKey),
    problems: key.problems ?? [],
    backPath: key.backPath,
    participantPath: key.participantPath,
  });
}

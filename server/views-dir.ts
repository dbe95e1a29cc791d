/**
 * The project's views/ folder (page templates, locales, static files). It is not compiled: when the code runs from
 * dist/ (built by `npm install`, see bin/confiance.js) the templates are still read from the source tree, so the folder
 * is found from this module's own place, server/ or dist/server/.
 */
import { fileURLToPath } from 'node:url';

const SERVER_DIR = new URL('.', import.meta.url);
const PROJECT_ROOT = new URL(SERVER_DIR.pathname.endsWith('/dist/server/') ? '../../' : '../', SERVER_DIR);

/** Absolute path of views/, ending with a separator. */
export const VIEWS_DIR = fileURLToPath(new URL('views/', PROJECT_ROOT));

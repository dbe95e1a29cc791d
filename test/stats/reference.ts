import { readFileSync } from 'node:fs';

/** The SciPy / mpmath / R reference values of fixtures/reference.json (see make_reference.py for every call). */
// `any`: a JSON fixture whose shape is documented in make_reference.py; only the tests read it.
export const reference: any = JSON.parse(readFileSync(new URL('./fixtures/reference.json', import.meta.url), 'utf8'));

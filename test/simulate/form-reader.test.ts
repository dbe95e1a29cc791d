import { describe, expect, it } from 'vitest';
import { decodeEntities, readForms, textOf } from '../../server/simulate/html-form.ts';
import { leadingNumber, percentIn, readFlowPage } from '../../server/simulate/flow-page.ts';

describe('form reader', () => {
  it('reads action, method, hidden fields, radios with their labels, numbers, selects, text areas and buttons', () => {
    const html = `
      <form method="POST" action="/p/abc?x=1&amp;y=2" class="decision" data-timed>
        <input type="hidden" name="_csrf" value="tok&#43;en">
        <input type="hidden" name="at" value='trials:3'>
        <input type="radio" id="d-0" name="decision" value="contacter" required><label for="d-0">Contacter l&#39;entreprise</label>
        <input type="radio" id="d-1" name="decision" value="ne_pas_contacter"><label for="d-1">Ne  pas
          contacter</label>
        <input type="number" id="n" name="estimate" min="0" max="4000" step="any">
        <select name="region"><option value="idf">Île-de-France</option><option>Bretagne</option></select>
        <textarea name="comment"></textarea>
        <input type="text" name="label">
        <button type="submit" name="choice" value="accept">Oui</button>
        <button type="button">Aide</button>
      </form>
      <form action="/search"><input type="submit" value="Go"></form>`;
    const [form, search] = readForms(html);
    expect(form.action).toBe('/p/abc?x=1&y=2');
    expect(form.method).toBe('post');
    expect(form.timed).toBe(true);
    expect(form.hidden).toEqual({ _csrf: 'tok+en', at: 'trials:3' });
    expect(form.radios.decision).toEqual([
      { value: 'contacter', label: "Contacter l'entreprise" },
      { value: 'ne_pas_contacter', label: 'Ne pas contacter' },
    ]);
    expect(form.numbers).toEqual({ estimate: { min: 0, max: 4000 } });
    expect(form.selects).toEqual({ region: ['idf', 'Bretagne'] });
    expect(form.texts).toEqual(['label', 'comment']);
    expect(form.buttons).toEqual([{ name: 'choice', value: 'accept', text: 'Oui' }]);
    expect(search.method).toBe('get');
    expect(search.timed).toBe(false);
    expect(search.buttons).toEqual([{ name: null, value: 'Go', text: 'Go' }]);
  });

  it('decodes named and numeric entities and keeps no-break spaces', () => {
    expect(decodeEntities('a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#x27; 12&nbsp;%')).toBe('a & b <c> "d" \'e\' 12\u00a0%');
    expect(textOf('<p>Un <strong>dossier</strong>\n  complet</p>')).toBe('Un dossier complet');
  });
});

describe('flow pages', () => {
  it('a page without a flow form is a message (title and text), or the debrief when it shows the completion code', () => {
    const message = readFlowPage('<html><body><main id="main"><h1>Étude complète</h1><p>Toutes les places sont prises.</p></main></body></html>');
    expect(message).toEqual({ kind: 'message', title: 'Étude complète', text: 'Étude complète Toutes les places sont prises.' });
    expect(readFlowPage('<main><h1>Merci</h1><p class="code"><strong>SIM-2026</strong></p></main>')).toEqual({ kind: 'debrief', completionCode: 'SIM-2026' });
    // The withdrawal page has a form, but not one of the flow (no position): a message for a bot.
    expect(readFlowPage('<main><h1>Arrêter</h1><form method="post" action="/p/x/withdraw"><input type="hidden" name="_csrf" value="t"><button type="submit">Oui</button></form></main>').kind).toBe('message');
  });

  it('reads percentages and formatted numbers in French and English', () => {
    expect(percentIn('Confiance : 87\u202f% – très élevée')).toBe(0.87);
    expect(percentIn('about 80% of cases')).toBe(0.8);
    expect(percentIn('pas de chiffre')).toBeNull();
    expect(leadingNumber('1\u202f234,5\u00a0ménages', 'fr')).toBe(1234.5);
    expect(leadingNumber('\u221212,25 m', 'fr')).toBe(-12.25);
    expect(leadingNumber('1,234.5 households', 'en')).toBe(1234.5);
    expect(leadingNumber('857 households', 'en')).toBe(857);
    expect(leadingNumber('households', 'en')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { chooseLanguage, MESSAGES, translator, type Messages } from '../../server/i18n.ts';

function keys(m: Messages, prefix = ''): string[] {
  return Object.entries(m).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)));
}
function placeholders(s: string): string[] {
  return [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
}

describe('locales', () => {
  it('French and English have exactly the same keys', () => {
    expect(keys(MESSAGES.en).sort()).toEqual(keys(MESSAGES.fr).sort());
  });

  it('every string has the same placeholders in both languages', () => {
    const fr = translator('fr');
    const en = translator('en');
    for (const key of keys(MESSAGES.fr)) {
      expect(placeholders(en.t(key)), key).toEqual(placeholders(fr.t(key)));
    }
  });

  it('fills placeholders and formats numbers per language', () => {
    expect(translator('fr').t('trial.heading', { number: 3, total: 20 })).toBe('Dossier 3 sur 20');
    expect(translator('en').t('trial.heading', { number: 3, total: 20 })).toBe('Dossier 3 of 20');
    expect(translator('fr').number(1234.5)).toBe('1\u202f234,5');
    expect(translator('en').number(1234.5)).toBe('1,234.5');
  });
});

describe('chooseLanguage', () => {
  it('takes the link language when the experiment offers it', () => {
    expect(chooseLanguage(['fr', 'en'], 'en', 'fr-FR')).toBe('en');
    expect(chooseLanguage(['fr'], 'en', 'en-GB')).toBe('fr');
  });
  it('otherwise the best Accept-Language match, by quality', () => {
    expect(chooseLanguage(['fr', 'en'], undefined, 'de-DE,en;q=0.8,fr;q=0.5')).toBe('en');
    expect(chooseLanguage(['fr', 'en'], undefined, 'fr-CA,fr;q=0.9')).toBe('fr');
    expect(chooseLanguage(['fr', 'en'], undefined, 'en;q=0.2,fr;q=0.7')).toBe('fr');
  });
  it('otherwise the first language of the experiment', () => {
    expect(chooseLanguage(['en', 'fr'], undefined, 'de')).toBe('en');
    expect(chooseLanguage(['fr', 'en'], undefined, undefined)).toBe('fr');
  });
});

describe('French typography in study texts', () => {
  it('puts no-break spaces before : ; ? ! in French texts only', () => {
    const fr = translator('fr');
    expect(fr.text({ fr: 'Faut-il contacter cette entreprise ? Oui : « vite » ; non !', en: 'Contact it? Yes: now' })).toBe(
      'Faut-il contacter cette entreprise\u202f? Oui\u00a0: « vite »\u202f; non\u202f!',
    );
    expect(fr.text({ fr: 'Heure 12:30, ratio 1 :2' })).toBe('Heure 12:30, ratio 1 :2');
    expect(translator('en').text({ fr: 'x', en: 'Contact it ? Yes : now' })).toBe('Contact it ? Yes : now');
    // A study written in English only, read by a French participant, keeps its English spacing.
    expect(fr.text({ en: 'Contact it ?' })).toBe('Contact it ?');
  });
});

/**
 * Page chrome for synthetic whole-page dumps: the menus, banners, share rows, related lists,
 * comments and footers a text extractor leaves around an article when it dumps a whole page.
 * Written for this project in twelve languages (none copied from a real page) and kept as data in
 * `data/chrome.json`; dataset.ts wraps corpus articles in it at training time, so no corpus text is
 * stored here.
 *
 * `{outlet}` is replaced by a made-up outlet name, `{user}` by a made-up user name, `{n}` by a number,
 * `{date}` by a date, `{headline}` by another article's headline.
 */
import chromeData from './data/chrome.json' with { type: 'json' };

export interface Chrome {
  menu: string[];
  cookie: string[];
  search: string[];
  form: string[];
  share: string[];
  relatedHeader: string[];
  promo: string[];
  comments: string[];
  credit: string[];
  footer: string[];
  breadcrumb: string[];
  widget: string[];
  continueReading: string[];
}

/** Per language (data/chrome.json, written for this project). */
export const CHROME: Record<string, Chrome> = chromeData.languages;

const OUTLET_PARTS: { first: string[]; second: string[] } = chromeData.outletParts;
const USER_PARTS: { first: string[]; second: string[] } = chromeData.userParts;

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

export function madeUpOutlet(random: () => number): string {
  return `${pick(random, OUTLET_PARTS.first)}${random() < 0.5 ? ' ' : ''}${pick(random, OUTLET_PARTS.second)}`;
}

export function madeUpUser(random: () => number): string {
  return random() < 0.3
    ? `${pick(random, USER_PARTS.first).toLowerCase()}${Math.floor(random() * 99)}`
    : `${pick(random, USER_PARTS.first)} ${pick(random, USER_PARTS.second)}`;
}

/** Fills a template's placeholders. */
export function fill(template: string, random: () => number, outlet: string, headlines: readonly string[]): string {
  return template
    .replaceAll('{outlet}', outlet)
    .replaceAll('{user}', madeUpUser(random))
    .replaceAll('{n}', String(1 + Math.floor(random() * 30)))
    .replaceAll('{year}', String(2015 + Math.floor(random() * 11)))
    .replaceAll('{date}', `${1 + Math.floor(random() * 28)}.${1 + Math.floor(random() * 12)}.20${20 + Math.floor(random() * 6)}`)
    .replaceAll('{headline}', headlines.length ? pick(random, headlines) : outlet);
}

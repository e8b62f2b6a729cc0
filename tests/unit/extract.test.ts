import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type ParsedArticle, parsedArticleOf } from '#shared/domain/article.ts';
import { cleanArticle } from '#shared/domain/clean/clean.ts';
import { extractMetadata, findDateline, findEntities } from '#shared/domain/extract/extract.ts';
import { findDates } from '#shared/domain/text/dates.ts';

const parsedText = (text: string, fields: Partial<ParsedArticle> = {}) => parsedArticleOf('text', text, fields);
const metadataOf = (parsed: ParsedArticle, objectMetadata: Record<string, string> = {}) => extractMetadata(cleanArticle(parsed), parsed, { objectMetadata });
const sample = readFileSync(new URL('../../samples/000_8692206af46fdf20.txt', import.meta.url), 'utf8');

describe('extractMetadata on the canonical sample', () => {
  const metadata = metadataOf(parsedText(sample));

  it('finds title, dateline, publication date and language', () => {
    expect(metadata.title).toBe('AS-Rusia Sepakati Mekanisme Konsultasi Buat Redakan Ketegangan');
    expect(metadata.dateline).toBe('Riyadh');
    expect(metadata.publishedAt).toBe('2025-02-18');
    expect(metadata.language.code).toBe('id');
  });

  it('credits Anadolu and names the people and places', () => {
    expect(metadata.sources).toEqual(['Anadolu']);
    expect(metadata.people).toEqual(expect.arrayContaining(['Marco Rubio', 'Sergey Lavrov', 'Donald Trump', 'Vladimir Putin']));
    expect(metadata.places).toEqual(expect.arrayContaining(['Riyadh', 'Russia', 'Ukraine', 'Saudi Arabia']));
    expect(metadata.captions).toHaveLength(1);
  });

  it('gives the lead, length, reading time and a high spin score', () => {
    expect(metadata.lead?.startsWith('Riyadh: Delegasi')).toBe(true);
    expect(metadata.wordCount).toBeGreaterThan(250);
    expect(metadata.readingTimeMinutes).toBe(1);
    expect(metadata.spin.score).toBeGreaterThanOrEqual(0.8);
  });
});

describe('extractMetadata', () => {
  const body = 'KYIV (Reuters) - Russia launched a wave of drones at the capital overnight, officials said on Sunday, February 18, 2024.';

  it('prefers the structured date over object metadata, and object metadata over the text', () => {
    expect(metadataOf(parsedText(body, { publishedAt: '2024-03-01T10:00:00Z' }), { 'published-at': '2024-02-20' }).publishedAt).toBe('2024-03-01T10:00:00Z');
    expect(metadataOf(parsedText(body), { 'published-at': '2024-02-20' }).publishedAt).toBe('2024-02-20');
    expect(metadataOf(parsedText(body), { publishedat: '20 Feb 2024' }).publishedAt).toBe('2024-02-20');
    expect(metadataOf(parsedText(body)).publishedAt).toBe('2024-02-18');
  });

  it('reads the publication date from a removed timestamp line', () => {
    const text = `Rabu 12 Jul 2023 19:46 WIB\n\n${body}`;
    expect(metadataOf(parsedText(text, { title: 'Drones over Kyiv' })).publishedAt).toBe('2023-07-12');
  });

  it('turns byline lines into authors', () => {
    const text = `Rep: Kamran Dikarma/ Red: Nidia Zuraya\n\n${body}\n\nEditor: Teguh Imam Wibowo`;
    expect(metadataOf(parsedText(text, { title: 'Drones' })).authors).toEqual(['Kamran Dikarma', 'Nidia Zuraya', 'Teguh Imam Wibowo']);
  });

  it('credits the agency named in the dateline and organisations named in the text', () => {
    const metadata = metadataOf(parsedText(`${body} NATO and the United Nations condemned the attack.`, { title: 'Drones' }));
    expect(metadata.sources).toEqual(['Reuters']);
    expect(metadata.organisations).toEqual(['NATO', 'United Nations']);
    expect(metadata.dateline).toBe('KYIV');
  });
});

describe('findDateline', () => {
  it.each([
    ['JAKARTA, KOMPAS.com - Menteri bertemu', 'JAKARTA'],
    ['REPUBLIKA.CO.ID, JAKARTA – Menteri Luar Negeri', 'JAKARTA'],
    ['KYIV (Reuters) - Russia launched', 'KYIV'],
    ['JAKARTA — Presiden Joko Widodo', 'JAKARTA'],
    ['Riyadh: Delegasi Amerika', 'Riyadh'],
    ['Menteri itu mengatakan bahwa pertemuan berlangsung lancar.', null],
  ])('%s → %s', (lead, expected) => {
    expect(findDateline(lead)).toBe(expected);
  });
});

describe('findDates', () => {
  it.each([
    ['Selasa 18 Februari 2025', '2025-02-18'],
    ['18 Feb 2025', '2025-02-18'],
    ['Feb. 18, 2025', '2025-02-18'],
    ['February 18, 2025', '2025-02-18'],
    ['18/02/2025', '2025-02-18'],
    ['2025-02-18', '2025-02-18'],
    ['18. Februar 2025', '2025-02-18'],
    ['18 февраля 2025', '2025-02-18'],
  ])('reads %s', (text, iso) => {
    expect(findDates(text)[0]?.iso).toBe(iso);
  });
});

describe('findEntities', () => {
  it('matches spellings in several languages and capitals without case-folding short acronyms', () => {
    const found = findEntities('Presiden Zelenskyy tiba di KIEV. Путин и ХАМАС. The us of the word us is not the US.');
    expect(found.person).toEqual(['Volodymyr Zelensky', 'Vladimir Putin']);
    expect(found.place).toEqual(['Kyiv', 'United States']);
    expect(found.organisation).toEqual(['Hamas']);
  });
});

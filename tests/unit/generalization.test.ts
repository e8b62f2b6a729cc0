import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ProcessedArticle } from '#shared/domain/article.ts';
import { classifyArticle } from '#shared/domain/classify/classify.ts';
import { processArticle } from '#shared/domain/pipeline.ts';
import { normaliseForScoring, scoreBoilerplate } from '../../training/scoring.ts';

/**
 * Held-out check: articles written for this test (not the tuning corpus), shaped like
 * text-extractor output from Indonesian, English and other-language news sites, with the
 * scraping junk those sites carry. Labels were set by the corpus topic rubric before the
 * pipeline was run on them; see `tests/fixtures/generalization/labels.json`.
 */
interface LabelledArticle {
  file: string;
  lang: string;
  topics: string[];
  /** Whole input lines (trimmed) the cleaner must remove. */
  boilerplate: string[];
  /** Fragments copied from the body that the cleaner must keep. */
  bodyKeep: string[];
  notes?: string;
  /**
   * A check that fails because of a known code limitation (not a data gap), with the reason.
   * It runs as `it.fails`, so fixing the code turns it red until the entry is removed.
   */
  knownGap?: Partial<Record<'boilerplate' | 'bodyKeep' | 'topics', string>>;
}

const FIXTURES = new URL('../fixtures/generalization/', import.meta.url);
const labels: LabelledArticle[] = JSON.parse(readFileSync(new URL('labels.json', FIXTURES), 'utf8'));

const normalise = normaliseForScoring;

/** Labelled lines still in the body, counted as the corpus scorer counts them. */
function boilerplateLeft(input: string, body: string, boilerplate: string[]): string[] {
  return scoreBoilerplate(input, body, boilerplate)
    .filter(({ labelled, removed }) => removed < labelled)
    .map(({ line }) => line);
}

const processed = new Map<string, Promise<ProcessedArticle>>();
function processFixture(file: string): Promise<{ input: string; result: ProcessedArticle }> {
  const bytes = readFileSync(new URL(file, FIXTURES));
  let result = processed.get(file);
  if (!result) {
    result = processArticle({ bytes, key: `incoming/generalization/${file}` });
    processed.set(file, result);
  }
  return result.then((r) => ({ input: bytes.toString('utf8'), result: r }));
}

describe('processArticle on held-out articles', () => {
  it('has a labelled set covering Indonesian, English and other languages', () => {
    const byLanguage = new Map<string, number>();
    for (const { lang } of labels) byLanguage.set(lang, (byLanguage.get(lang) ?? 0) + 1);
    expect(labels.length).toBeGreaterThanOrEqual(30);
    expect(byLanguage.get('id')).toBeGreaterThanOrEqual(10);
    expect(byLanguage.get('en')).toBeGreaterThanOrEqual(10);
    expect(labels.length - (byLanguage.get('id') ?? 0) - (byLanguage.get('en') ?? 0)).toBeGreaterThanOrEqual(10);
  });

  describe.each(labels)('$file', ({ file, topics, boilerplate, bodyKeep, knownGap = {} }) => {
    const check = (gap: string | undefined) => (gap ? it.fails : it);

    check(knownGap.boilerplate)('removes every labelled boilerplate line', async () => {
      const { input, result } = await processFixture(file);
      expect(result.status).toBe('ok');
      if (result.status !== 'ok') return;
      expect(boilerplateLeft(input, result.body, boilerplate)).toEqual([]);
    });

    check(knownGap.bodyKeep)('keeps every labelled body fragment', async () => {
      const { result } = await processFixture(file);
      expect(result.status).toBe('ok');
      if (result.status !== 'ok') return;
      const body = normalise(result.body);
      expect(bodyKeep.filter((fragment) => !body.includes(normalise(fragment)))).toEqual([]);
    });

    check(knownGap.topics)('assigns exactly the labelled topics', async () => {
      const { result } = await processFixture(file);
      expect(result.status).toBe('ok');
      if (result.status !== 'ok') return;
      expect([...result.classification.topics].sort()).toEqual([...topics].sort());
    });
  });
});

describe('classifyArticle on spellings the tuning corpus never used', () => {
  it('knows front-line towns as Ukraine without the country being named', () => {
    const english = classifyArticle({
      title: 'Fighting intensifies near Pokrovsk',
      body: 'Assault units pushed toward Pokrovsk and Kramatorsk this week, while shelling hit Kupiansk and Chasiv Yar. Officials in Lviv opened new shelters for families fleeing the front.',
      language: 'en',
    });
    const russian = classifyArticle({
      title: 'Обстрел Покровска',
      body: 'Войска обстреляли Покровск и Краматорск, сообщили местные власти. Во Львове объявлена воздушная тревога.',
      language: 'ru',
    });
    expect(english.topics).toEqual(['ukraine']);
    expect(russian.topics).toEqual(['ukraine']);
  });

  it('counts a female foreign minister and a memorandum as diplomacy', () => {
    const result = classifyArticle({
      title: 'La ministra de Relaciones Exteriores viaja a Ankara',
      body: 'La ministra de Relaciones Exteriores se reunió con su homólogo para firmar un memorando de entendimiento sobre comercio y visados.',
      language: 'es',
    });
    expect(result.topics).toEqual(['diplomacy']);
  });

  it('does not read drones "of Iranian design" as a Middle East story', () => {
    const result = classifyArticle({
      title: 'Des drones frappent Kiev',
      body: "Des drones Shahed de conception iranienne ont frappé Kiev dans la nuit, selon l'armée ukrainienne.",
      language: 'fr',
    });
    expect(result.topics).toEqual(['ukraine']);
  });
});

import { describe, expect, it } from 'vitest';
import relationsData from '#shared/data/relations.json' with { type: 'json' };
import { classifyArticleDetailed } from '#shared/domain/classify/classify.ts';
import { MAX_TOPIC_SENTENCES } from '#shared/domain/classify/evidence.ts';
import { homeGroups, NO_RELATIONS, type RelationSignals, type RelationsData, relationEntries, relationFeatures } from '#shared/domain/classify/relations.ts';
import { FEATURE_NAMES, topicFeatures } from '#shared/domain/classify/topic-features.ts';

const relationsOf = (title: string | null, body: string, language: string): RelationSignals => {
  const relations = classifyArticleDetailed({ title, body, language }).signals.diplomacy?.relations;
  if (!relations) throw new Error('no relation signals');
  return relations;
};

describe('relation signals: states dealing with each other, or one country at home', () => {
  it('links two states named in one sentence with a counterpart or meeting word, in several languages', () => {
    const english = relationsOf(null, 'Indian Prime Minister Narendra Modi met his Bangladeshi counterpart Sheikh Hasina in New Delhi.', 'en');
    const polish = relationsOf(null, 'Radosław Sikorski spotkał się w Warszawie z ministrem spraw zagranicznych Ukrainy.', 'pl');
    const arabic = relationsOf('وزير الخارجية السعودي يستقبل نظيره المصري', 'وبحث الوزيران العلاقات الثنائية.', 'ar');

    for (const relations of [english, polish, arabic]) {
      expect(relations.states).toBeGreaterThanOrEqual(2);
      expect(relations.linkedPairs).toBeGreaterThanOrEqual(1);
    }
    expect(english.envoySentences).toBe(1);
    expect(arabic.envoy).toBeGreaterThanOrEqual(1);
  });

  it('does not link two states that only stand in different sentences, nor count one state twice for its spellings', () => {
    const apart = relationsOf(null, 'The minister flew to Japan on Monday. Later she gave a speech about Brazil.', 'en');
    const oneState = relationsOf(null, 'Germany and the Germans met in Berlin, said the German minister.', 'en');

    expect(apart.states).toBe(2);
    expect(apart.pairSentences).toBe(0);
    expect(apart.linkedPairs).toBe(0);
    expect(oneState.states).toBe(1);
    expect(oneState.pairSentences).toBe(0);
  });

  it('reads a leader from the gazetteer as the state he acts for', () => {
    const call = relationsOf(null, 'Erdoğan discussed the grain corridor with Putin on the phone.', 'en');

    expect(call.states).toBe(2);
    expect(call.linkedPairs).toBe(1);
  });

  it('counts domestic institutions as the counter-signal: a council feud names parliament, parties and a mayor, not two states', () => {
    const feud = relationsOf(
      'Concejo en crisis',
      'El alcalde acusó a los concejales del partido opositor. El tribunal constitucional admitió un amparo. La elección del concejo sigue paralizada.',
      'es',
    );

    // The headline counts as one more sentence.
    expect(feud.domesticSentences).toBe(4);
    expect(feud.linkedPairs).toBe(0);
    expect(feud.states).toBe(0);
  });

  it("does not count the article's own country as foreign when its language has a home, and takes the most-named state otherwise", () => {
    const german = relationsOf(null, 'Deutschland debattiert. Die Bundesregierung in Berlin streitet über den Haushalt Deutschlands.', 'de');
    const turkish = relationsOf(null, 'Dışişleri Bakanı Mısırlı mevkidaşı ile Kahire’de görüştü.', 'tr');
    const english = relationsOf(null, 'Britain and Britain again. France once.', 'en');

    expect(german.foreign).toBe(0);
    expect(turkish.foreign).toBe(1);
    expect(english.foreign).toBe(1);
  });

  it('leaves the topic evidence as it was: relation words never consume a topic term', () => {
    const detail = classifyArticleDetailed({ title: null, body: 'The foreign minister of Ukraine met the Russian ambassador in Kyiv.', language: 'en' });

    expect(detail.evidence.ukraine?.map((e) => e.term)).toContain('Ukraine');
    expect(detail.evidence.diplomacy?.map((e) => e.term)).toEqual(expect.arrayContaining(['foreign minister', 'ambassador']));
    expect(detail.signals.diplomacy?.relations?.envoy).toBeGreaterThanOrEqual(2);
  });
});

describe('relation features and data', () => {
  it('appends the relation features to the topic features, zero when there are no relation words', () => {
    const names = FEATURE_NAMES.filter((name) => name.startsWith('rel:'));
    const signals = classifyArticleDetailed({ title: null, body: 'Gaza', language: 'en' }).signals['middle-east'];
    if (!signals) throw new Error('no signals');
    const without = topicFeatures({ ...signals, relations: undefined }, []);

    expect(names.length).toBe(relationFeatures(NO_RELATIONS).length);
    expect(names.map((name) => without[FEATURE_NAMES.indexOf(name)])).toEqual(names.map(() => 0));
  });

  it('keeps long pages to their opening sentences, so a guide cannot pile up evidence', () => {
    const sentence = 'Plan your visit to the museum and visit the old town. ';
    const short = classifyArticleDetailed({ title: null, body: sentence.repeat(10), language: 'en' }).signals.diplomacy;
    const long = classifyArticleDetailed({ title: null, body: sentence.repeat(10 * MAX_TOPIC_SENTENCES), language: 'en' }).signals.diplomacy;

    expect(long?.sentences).toBe(MAX_TOPIC_SENTENCES);
    expect(long?.mentions).toBe(((short?.mentions ?? 0) / 10) * MAX_TOPIC_SENTENCES);
  });

  it('has one entry per state and per body, home states that exist, and no form too short to be a word of its own', () => {
    const data = relationsData as RelationsData;
    const groups = relationEntries(data);
    const ids = data.states.map((s) => s.id);

    expect(new Set(ids).size).toBe(ids.length);
    expect(groups.filter((g) => g.kind === 'nation').length).toBe(data.states.length);
    for (const members of Object.values(data.home ?? {})) for (const id of members) expect(ids).toContain(id);
    for (const home of homeGroups(data).values()) expect([...home].every((i) => i >= 0)).toBe(true);
    for (const actor of Object.values(data.leaders ?? {})) expect([...ids, ...data.bodies.map((b) => b.id)]).toContain(actor);
    const forms = groups.flatMap((g) => g.entries.flatMap((e) => Object.values(e.forms).flat()));
    // Short forms fold into common words in some language ("un", "eu", "as"): two letters only for hand-picked abbreviations (UK, G7).
    expect(forms.filter((f) => f.replace('*', '').length < 2)).toEqual([]);
    expect(forms.filter((f) => f.replace('*', '').length === 2).length).toBeLessThanOrEqual(3);
  });
});

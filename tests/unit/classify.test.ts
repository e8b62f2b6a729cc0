import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyArticle, classifyArticleDetailed, createClassifier, defaultTopicModel } from '#shared/domain/classify/classify.ts';
import { defaultTaxonomy, type Taxonomy, taxonomySchema } from '#shared/domain/classify/taxonomy.ts';
import { foldText, tokenize, tokenVariants } from '#shared/domain/text/normalize.ts';

// Short articles written for these tests, one per language and topic mix.
interface Fixture {
  name: string;
  language: string;
  title: string;
  body: string;
  topics: string[];
}

const onTopic: Fixture[] = [
  {
    name: 'English war report',
    language: 'en',
    title: 'Russian missiles hit Kyiv overnight',
    body: "Russia launched a wave of missiles and drones at Kyiv overnight, Ukraine's air force said. President Zelensky called for more air defence systems. Several districts of the Ukrainian capital lost power.",
    topics: ['ukraine'],
  },
  {
    name: 'English foreign ministers meeting',
    language: 'en',
    title: 'Japan and South Korea agree to resume summit diplomacy',
    body: 'The foreign ministers of Japan and South Korea met in Tokyo on Monday and agreed to resume regular bilateral summits. The talks covered trade and security, and both sides pledged to deepen diplomatic relations. A joint statement will follow.',
    topics: ['diplomacy'],
  },
  {
    name: 'English Gaza strike',
    language: 'en',
    title: 'Israeli strikes hit Rafah as Hamas fires rockets',
    body: 'Israeli aircraft struck targets in Rafah in southern Gaza overnight, health officials said. Hamas fired rockets towards Tel Aviv. Thousands of residents of the Gaza Strip fled north.',
    topics: ['middle-east'],
  },
  {
    name: 'Indonesian war report',
    language: 'id',
    title: 'Rusia Serang Kyiv dengan Puluhan Rudal',
    body: 'Pasukan Rusia meluncurkan puluhan rudal ke ibu kota Ukraina, Kyiv, pada Selasa dini hari. Presiden Volodymyr Zelensky mengatakan sistem pertahanan udara menembak jatuh sebagian besar rudal. Serangan itu merusak jaringan listrik di beberapa wilayah Ukraina.',
    topics: ['ukraine'],
  },
  {
    name: 'Indonesian bilateral meeting',
    language: 'id',
    title: 'Menlu RI Bertemu Menlu Jepang Bahas Kerja Sama Maritim',
    body: 'Menteri Luar Negeri Indonesia bertemu dengan Menteri Luar Negeri Jepang di Jakarta untuk membahas kerja sama maritim. Kedua menteri sepakat memperkuat hubungan bilateral dan menandatangani nota kesepahaman. Pertemuan itu digelar menjelang KTT ASEAN.',
    topics: ['diplomacy'],
  },
  {
    name: 'Indonesian Gaza strike',
    language: 'id',
    title: 'Israel Gempur Gaza, Puluhan Warga Palestina Tewas',
    body: 'Serangan udara Israel menghantam kamp pengungsi di Jalur Gaza pada Rabu malam. Kementerian Kesehatan Gaza menyebut puluhan warga Palestina tewas. Hamas mengecam serangan tersebut.',
    topics: ['middle-east'],
  },
  {
    name: 'Indonesian Gulf-hosted Ukraine talks',
    language: 'id',
    title: 'Arab Saudi Jadi Tuan Rumah Perundingan Damai Rusia-Ukraina',
    body: 'Arab Saudi menjadi tuan rumah perundingan damai antara delegasi Rusia dan Ukraina di Riyadh. Menteri Luar Negeri Saudi bertindak sebagai penengah dalam pembicaraan yang membahas gencatan senjata dan pertukaran tawanan. Presiden Zelensky menyambut baik mediasi Riyadh.',
    topics: ['diplomacy', 'ukraine', 'middle-east'],
  },
  {
    name: 'Arabic ceasefire mediation',
    language: 'ar',
    title: 'وزير الخارجية المصري يبحث مع نظيره القطري وقف إطلاق النار في غزة',
    body: 'بحث وزير الخارجية المصري مع نظيره القطري في القاهرة جهود الوساطة للتوصل إلى وقف إطلاق النار في قطاع غزة. وأكد الوزيران ضرورة إدخال المساعدات الإنسانية إلى غزة. وتستضيف الدوحة جولة جديدة من المفاوضات الأسبوع المقبل.',
    topics: ['diplomacy', 'middle-east'],
  },
  {
    name: 'Russian front-line report',
    language: 'ru',
    title: 'ВСУ отступили из-под Авдеевки',
    body: 'Вооруженные силы Украины отступили с позиций под Авдеевкой, сообщил Генштаб. Российские войска продолжают наступление в Донецкой области. Зеленский заявил о нехватке боеприпасов.',
    topics: ['ukraine'],
  },
  {
    name: 'Russian foreign minister visit',
    language: 'ru',
    title: 'Лавров провел переговоры в Пекине',
    body: 'Министр иностранных дел Сергей Лавров провел переговоры с китайским коллегой в Пекине. Стороны подписали совместное заявление о двустороннем сотрудничестве. Визит прошел в рамках подготовки к саммиту ШОС.',
    topics: ['diplomacy'],
  },
  {
    name: 'German ceasefire mediation',
    language: 'de',
    title: 'Katar vermittelt neue Waffenruhe im Gazastreifen',
    body: 'Katar und Ägypten vermitteln zwischen Israel und der Hamas über eine neue Waffenruhe im Gazastreifen. Die Verhandlungen in Kairo sollen am Sonntag fortgesetzt werden, teilte das Außenministerium in Doha mit.',
    topics: ['diplomacy', 'middle-east'],
  },
  {
    name: 'French Gulf-mediated prisoner exchange',
    language: 'fr',
    title: "Les Émirats arabes unis obtiennent un nouvel échange de prisonniers entre la Russie et l'Ukraine",
    body: "Grâce à la médiation des Émirats arabes unis, Moscou et Kiev ont procédé à un échange de prisonniers. Le ministère des Affaires étrangères émirien a salué la coopération des deux parties. Il s'agit du dixième échange négocié par Abou Dhabi depuis le début de la guerre en Ukraine.",
    topics: ['diplomacy', 'ukraine', 'middle-east'],
  },
  {
    name: 'Spanish war report',
    language: 'es',
    title: 'Rusia lanza un ataque masivo contra Ucrania',
    body: 'Rusia lanzó durante la noche decenas de misiles y drones contra ciudades de Ucrania, según la fuerza aérea ucraniana. En Kiev se registraron explosiones. El presidente Zelenski pidió más defensas aéreas.',
    topics: ['ukraine'],
  },
  {
    name: 'Portuguese Lebanon strikes',
    language: 'pt',
    title: 'Israel intensifica bombardeios no sul do Líbano',
    body: 'O exército de Israel intensificou os bombardeios contra posições do Hezbollah no sul do Líbano. Em Beirute, o governo libanês denunciou a violação de sua soberania.',
    topics: ['middle-east'],
  },
  {
    name: 'Turkish foreign minister meeting',
    language: 'tr',
    title: 'Dışişleri Bakanı Yunan mevkidaşıyla görüştü',
    body: "Dışişleri Bakanı, Atina'da Yunan mevkidaşı ile bir araya gelerek ikili ilişkileri ele aldı. Görüşmede iki ülke arasında yeni bir mutabakat zaptı imzalandı. Bakan, diplomatik temasların süreceğini açıkladı.",
    topics: ['diplomacy'],
  },
  {
    name: 'Persian Gaza strike',
    language: 'fa',
    title: 'حمله هوایی اسرائیل به غزه',
    body: 'ارتش اسرائیل بامداد امروز چند نقطه در نوار غزه را بمباران کرد. به گفته مقام‌های فلسطینی ده‌ها نفر کشته شدند. حماس این حمله را محکوم کرد.',
    topics: ['middle-east'],
  },
];

const distractors: Fixture[] = [
  {
    name: 'Saudi Pro League transfer',
    language: 'en',
    title: 'Al-Hilal complete signing of Brazilian striker',
    body: 'Saudi Pro League club Al-Hilal have completed the transfer of the Brazilian striker from Paris, the club announced in Riyadh. The forward signed a two-year contract and joins the squad for the new season. He scored 20 goals in the league last season.',
    topics: [],
  },
  {
    name: 'Eurovision Ukraine entry',
    language: 'en',
    title: "Ukraine's Eurovision entry sails through the semi-final",
    body: "Ukraine's entry at the Eurovision Song Contest sailed through the semi-final on Thursday night. The duo performed their song in front of a packed arena in Malmö, and fans waved Ukrainian flags. The final takes place on Saturday.",
    topics: [],
  },
  {
    name: 'OPEC+ oil prices',
    language: 'id',
    title: 'Harga Minyak Naik Usai OPEC+ Pangkas Produksi',
    body: 'Harga minyak mentah Brent naik 2 persen menjadi 80 dolar AS per barel setelah Arab Saudi dan anggota OPEC+ sepakat memangkas produksi. Ketegangan di Timur Tengah juga mendorong harga. Minyak WTI ikut menguat.',
    topics: [],
  },
  {
    name: 'Hajj logistics',
    language: 'id',
    title: 'Kuota Haji Indonesia Tahun Ini 221 Ribu Jemaah',
    body: 'Kementerian Agama menetapkan kuota haji sebanyak 221 ribu jemaah setelah menerima surat dari Kementerian Haji Arab Saudi. Keberangkatan kloter pertama dari embarkasi Jakarta dijadwalkan bulan depan dengan maskapai nasional. Jemaah akan tinggal di Makkah dan Madinah.',
    topics: [],
  },
  {
    name: 'company negotiations',
    language: 'en',
    title: 'Tech giant in talks to acquire cybersecurity startup',
    body: 'The tech giant is in advanced negotiations to buy the startup for 20 billion dollars, people familiar with the talks said. The acquisition would be the largest in its history. Shares rose 3 percent; the CEO declined to comment.',
    topics: [],
  },
  {
    name: 'metaphorical "diplomatic"',
    language: 'en',
    title: "Coach gives diplomatic answer on striker's future",
    body: "The manager was diplomatic when asked about his striker's future, saying only that the player is happy at the club. He gave a diplomatic answer about the transfer rumours ahead of Saturday's match.",
    topics: [],
  },
];

const classifyFixture = (f: Fixture) => classifyArticle({ title: f.title, body: f.body, language: f.language });

describe('classifyArticle', () => {
  it.each(onTopic)('labels the $name ($language) as exactly its topics', (fixture) => {
    const result = classifyFixture(fixture);

    expect([...result.topics].sort()).toEqual([...fixture.topics].sort());
  });

  it.each(distractors)('gives no topic to the $name distractor', (fixture) => {
    const result = classifyFixture(fixture);

    expect(result.topics).toEqual([]);
    expect(result.primaryTopic).toBeNull();
  });

  it('labels the spun sample article (Saudi Arabia hosts US–Russia talks on Ukraine) with all three topics', () => {
    const text = readFileSync(new URL('../../samples/000_8692206af46fdf20.txt', import.meta.url), 'utf8');
    const [title = '', ...rest] = text.split('\n');

    const result = classifyArticle({ title, body: rest.join('\n'), language: 'id' });

    expect([...result.topics].sort()).toEqual(['diplomacy', 'middle-east', 'ukraine']);
    expect(result.primaryTopic).toBe('diplomacy');
  });

  it('keeps Iranian-made drones named as a weapon type from making an article middle-east', () => {
    const result = classifyArticle({
      title: 'Rusia Serang Odesa dengan Drone Buatan Iran',
      body: 'Rusia menyerang kota pelabuhan Odesa di Ukraina selatan dengan belasan drone Shahed buatan Iran pada Minggu malam. Angkatan Udara Ukraina mengatakan sebagian besar drone berhasil ditembak jatuh. Gubernur Odesa melaporkan kerusakan di pelabuhan.',
      language: 'id',
    });

    expect(result.topics).toEqual(['ukraine']);
  });

  it('labels Iran as a weapons supplier to Russia as middle-east as well as ukraine', () => {
    const result = classifyArticle({
      title: 'Iran supplies ballistic missiles to Russia',
      body: 'Iran has supplied hundreds of ballistic missiles to Russia for its war in Ukraine, officials said. Tehran denied the reports, while Kyiv urged its partners to respond.',
      language: 'en',
    });

    expect(result.topics).toEqual(expect.arrayContaining(['ukraine', 'middle-east']));
  });

  it('reports matched terms with counts, every spelling of one entity under one term', () => {
    const result = classifyArticle({
      title: null,
      body: 'Explosions were heard in Kyiv. Officials in Kiev said air defence was active over Kyiv all night.',
      language: 'en',
    });

    expect(result.evidence.ukraine).toContainEqual({ term: 'Kyiv', count: 3 });
  });

  it('keeps a place name inside a shield phrase ("Saudi Pro League") out of the evidence', () => {
    const shielded = classifyArticle({ title: null, body: 'He scored twice in the Saudi Pro League.', language: 'en' });
    const plain = classifyArticle({ title: null, body: 'He travelled twice to Saudi Arabia.', language: 'en' });

    expect(shielded.evidence['middle-east']).toEqual([]);
    expect(plain.evidence['middle-east']).toContainEqual({ term: 'Saudi Arabia', count: 1 });
  });

  it('keeps the evidence list (terms and counts) for every topic, assigned or not', () => {
    const [transfer] = distractors;
    const result = classifyFixture(transfer!);

    expect(Object.keys(result.evidence).sort()).toEqual(['diplomacy', 'middle-east', 'ukraine']);
    expect(result.evidence['middle-east']?.length).toBeGreaterThan(0);
    expect(result.topics).not.toContain('middle-east');
  });

  it('matches regardless of case, accents, Arabic harakat and Persian ZWNJ', () => {
    const plain = classifyArticle({ title: null, body: 'ucrania kiev zelenski', language: 'es' });
    const accented = classifyArticle({ title: null, body: 'UCRÂNIA KIEV ZELÉNSKI', language: 'pt' });
    const arabic = classifyArticle({ title: null, body: 'أَوْكْرَانِيَا وزيلينسكي في كييف', language: 'ar' });

    expect(accented.scores.ukraine).toBe(plain.scores.ukraine);
    expect(arabic.evidence.ukraine?.map((e) => e.term)).toEqual(expect.arrayContaining(['Ukraine', 'Zelensky', 'Kyiv']));
  });

  it('scores a topic higher when the headline names it too', () => {
    const body = 'Zelensky met soldiers in Kyiv on Monday. He said the army needs more air defence. Officials in Kyiv reported drone strikes overnight.';
    const inTitle = classifyArticle({ title: 'Zelensky in Kyiv asks for air defence', body, language: 'en' });
    const notInTitle = classifyArticle({ title: 'Visit to the army', body, language: 'en' });

    expect(inTitle.scores.ukraine).toBeGreaterThan(notInTitle.scores.ukraine ?? 1);
  });

  it("lists topics whose score lies within the uncertainty margin of the topic's own threshold, and only those", () => {
    const results = [...onTopic, ...distractors].map(classifyFixture);
    const margin = defaultTopicModel.uncertaintyMargin;
    const thresholdOf = (topic: string) => defaultTopicModel.topics[topic]?.threshold ?? defaultTaxonomy.threshold;

    for (const result of results) {
      const near = Object.entries(result.scores)
        .filter(([topic, score]) => (result.evidence[topic]?.length ?? 0) > 0 && Math.abs(score - thresholdOf(topic)) < margin)
        .map(([topic]) => topic);
      expect([...result.uncertainTopics].sort()).toEqual(near.sort());
    }
  });

  it('scores every topic in 0..1, 0 without evidence, rising with more evidence', () => {
    const sentence = 'Israeli strikes hit Gaza as Hamas fighters clash with troops near Rafah. ';
    const empty = classifyArticle({ title: null, body: 'The weather was mild.', language: 'en' });
    const rising = [1, 2, 4, 8].map((n) => classifyArticle({ title: null, body: sentence.repeat(n), language: 'en' }).scores['middle-east'] ?? -1);

    expect(Object.keys(empty.scores).sort()).toEqual(['diplomacy', 'middle-east', 'ukraine']);
    expect(Object.values(empty.scores)).toEqual([0, 0, 0]);
    expect(rising.every((s) => s >= 0 && s <= 1)).toBe(true);
    expect(rising).toEqual([...rising].sort((a, b) => a - b));
    expect(rising[3]).toBeGreaterThan(rising[0] ?? 1);
  });

  it('orders topics by score and names the highest as primary', () => {
    const result = classifyFixture(onTopic.find((f) => f.name === 'Indonesian Gulf-hosted Ukraine talks')!);
    const scores = result.topics.map((t) => result.scores[t] ?? 0);

    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(result.primaryTopic).toBe(result.topics[0]);
    expect(result.topics.every((t) => (result.scores[t] ?? 0) >= (defaultTopicModel.topics[t]?.threshold ?? defaultTaxonomy.threshold))).toBe(true);
  });

  it('stamps the taxonomy version from the data file', () => {
    const result = classifyArticle({ title: null, body: 'Kyiv', language: 'en' });

    expect(result.taxonomyVersion).toBe(defaultTaxonomy.version);
  });
});

describe('createClassifier', () => {
  const climate: Taxonomy['topics'][number] = {
    id: 'climate',
    description: 'Climate change, emissions and climate policy.',
    calibration: { slope: 2.5, offset: 1.6 },
    entries: [
      { term: 'climate', weight: 2.5, forms: { en: ['climate'], id: ['iklim'], de: ['klima*'], fr: ['climat*'] } },
      { term: 'emissions', weight: 2, forms: { en: ['emission*', 'carbon dioxide', 'net zero'], id: ['emisi', 'karbon'], de: ['emission*'] } },
      { term: 'COP', weight: 2.5, forms: { en: ['cop29', 'cop28', 'paris agreement'], id: ['perjanjian paris'] } },
    ],
  };
  const withClimate: Taxonomy = { ...defaultTaxonomy, version: 'test-climate', topics: [...defaultTaxonomy.topics, climate] };

  it('classifies a topic added as data only, next to the existing ones', () => {
    const classify = createClassifier(withClimate);

    const result = classify({
      title: 'COP29 talks stall over climate finance',
      body: 'Negotiators at COP29 failed to agree on climate finance as emissions keep rising. Delegations from 190 countries will resume talks on Friday, and several foreign ministers joined the summit.',
      language: 'en',
    });

    expect(result.topics).toEqual(expect.arrayContaining(['climate', 'diplomacy']));
    expect(result.taxonomyVersion).toBe('test-climate');
    expect(Object.keys(result.scores)).toContain('climate');
  });

  it('keeps the new topic away from unrelated articles', () => {
    const classify = createClassifier(withClimate);

    const result = classify({ title: 'Israeli strikes hit Rafah', body: 'Israeli aircraft struck Rafah in Gaza.', language: 'en' });

    expect(result.scores.climate).toBe(0);
  });

  it('accepts the shipped taxonomy, which the default classifier loads without a schema check', () => {
    const validated = createClassifier(defaultTaxonomy);
    const input = {
      title: 'Saudi Arabia hosts Ukraine peace talks',
      body: 'Foreign ministers met in Riyadh to discuss a ceasefire in Ukraine.',
      language: 'en',
    };

    expect(() => taxonomySchema.parse(defaultTaxonomy)).not.toThrow();
    expect(classifyArticleDetailed(input)).toEqual(validated(input));
  });

  it('decides with the model it is given: a score at the threshold is assigned and listed as uncertain', () => {
    const flat = { weights: {}, bias: 0, calibration: { a: 1, b: 0 } };
    const sure = { weights: {}, bias: 6, calibration: { a: 1, b: 0 } };
    const classify = createClassifier(defaultTaxonomy, { ...defaultTopicModel, topics: { diplomacy: sure, ukraine: flat, 'middle-east': sure } });

    const result = classify({ title: 'Zelensky in Kyiv', body: 'Zelensky met the foreign minister in Kyiv. Israel was not mentioned again.', language: 'en' });

    expect(result.scores.ukraine).toBe(0.5);
    expect(result.topics).toContain('ukraine');
    expect(result.uncertainTopics).toEqual(['ukraine']);
    expect(result.scores.diplomacy).toBeGreaterThan(0.99);
  });

  it("assigns each topic at its own threshold (the feed's), the taxonomy's when the model has none", () => {
    const half = { weights: {}, bias: 0.2, calibration: { a: 1, b: 0 } };
    const input = { title: 'Zelensky in Kyiv', body: 'Zelensky met the foreign minister in Kyiv. Israel was not mentioned again.', language: 'en' };
    const strict = createClassifier(defaultTaxonomy, {
      ...defaultTopicModel,
      topics: { diplomacy: { ...half, threshold: 0.7 }, ukraine: { ...half, threshold: 0.4 }, 'middle-east': half },
    })(input);

    expect(strict.scores.diplomacy).toBe(strict.scores.ukraine);
    expect(strict.topics).toContain('ukraine');
    expect(strict.topics).not.toContain('diplomacy');
    // 0.55 against 0.5 with no threshold of its own: assigned, and within the margin of it.
    expect(strict.topics).toContain('middle-east');
    expect(strict.uncertainTopics).toContain('middle-east');
  });

  it('refuses a topic that has neither a trained model nor a calibration', () => {
    const { calibration: _calibration, ...uncalibrated } = climate;
    const withBareClimate: Taxonomy = { ...defaultTaxonomy, topics: [...defaultTaxonomy.topics, uncalibrated] };

    expect(() => createClassifier(withBareClimate)).toThrow(/npm run train:topics/);
  });

  it('rejects a malformed taxonomy at build time', () => {
    const broken = { ...defaultTaxonomy, threshold: 2 };

    expect(() => createClassifier(broken)).toThrow();
  });
});

describe('foldText', () => {
  it('drops accents and case, and unifies Arabic and Persian letter variants', () => {
    expect(foldText('Ucrânia KİEV Selenskyj Außenminister')).toBe('ucrania kiev selenskyj aussenminister');
    expect(foldText('أوكرانيا')).toBe(foldText('اوكرانيا'));
    expect(foldText('ایران')).toBe(foldText('ايران'));
    expect(foldText('غزة')).toBe(foldText('غزه'));
  });
});

describe('tokenize', () => {
  it('splits Turkish case suffixes, glued words and Persian ZWNJ', () => {
    expect(tokenize("Ukrayna'ya giden")).toEqual(['ukrayna', 'ya', 'giden']);
    expect(tokenize('görüşme yaptıDışişleri')).toEqual(['gorusme', 'yapti', 'disisleri']);
    expect(tokenize('مقام‌های')).toHaveLength(2);
  });
});

describe('tokenVariants', () => {
  it('offers Arabic words with and without attached clitics', () => {
    expect(tokenVariants('والسعوديه')).toEqual(expect.arrayContaining(['والسعوديه', 'سعوديه', 'السعوديه']));
    expect(tokenVariants('kyiv')).toEqual(['kyiv']);
  });
});

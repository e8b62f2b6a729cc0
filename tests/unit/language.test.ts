import { afterEach, describe, expect, it, vi } from 'vitest';
import { detectLanguage, iso639_1Of, quickLanguageOf } from '#shared/domain/extract/language.ts';

/** News prose whose function words (or script) settle the language without a trigram model. */
const CLEAR_PROSE: ReadonlyArray<readonly [string, string]> = [
  [
    'id',
    'Menteri Luar Negeri mengatakan bahwa pertemuan itu akan membahas kerja sama yang telah berjalan dengan baik. ' +
      'Ia juga menyebut bahwa kedua negara masih harus menyelesaikan sejumlah masalah dalam hubungan mereka tahun ini.',
  ],
  [
    'en',
    'The foreign minister said that the talks would focus on security cooperation, which has been stalled for months. ' +
      'He added that both sides were expected to sign an agreement after the meeting, but officials have not confirmed it.',
  ],
  [
    'ru',
    'Министр иностранных дел заявил, что переговоры будут посвящены сотрудничеству в области безопасности. ' +
      'Он также сказал, что после встречи стороны могут подписать соглашение, которое было подготовлено уже давно.',
  ],
  ['ar', 'التقى وزراء الخارجية يوم الثلاثاء لمناقشة التعاون الأمني والوضع الإنساني في المنطقة، بحسب ما قاله المسؤولون.'],
  ['fa', 'وزیران خارجه روز سه‌شنبه برای گفتگو درباره همکاری امنیتی و وضعیت انسانی در منطقه با یکدیگر دیدار کردند.'],
];

/** Languages the quick checks only guard against: their text must reach franc. */
const GUARDED_PROSE: ReadonlyArray<readonly [string, string]> = [
  [
    'it',
    'Il ministro degli Esteri ha incontrato ieri a Roma il suo omologo per discutere della cooperazione e della ' +
      'situazione umanitaria nella regione, secondo quanto riferito da fonti diplomatiche.',
  ],
  [
    'nl',
    'De ministers van Buitenlandse Zaken kwamen dinsdag in Den Haag bijeen om de samenwerking en de humanitaire ' +
      'toestand in de regio te bespreken, zo meldden diplomatieke bronnen.',
  ],
];

describe('quickLanguageOf', () => {
  it.each(CLEAR_PROSE)('settles clear %s news prose by itself', (code, text) => {
    expect(quickLanguageOf(text)?.code).toBe(code);
  });

  it.each(GUARDED_PROSE)('leaves %s prose unsettled, for franc to decide', (_code, text) => {
    expect(quickLanguageOf(text)).toBeNull();
  });

  it('answers und with zero confidence for text too short to judge', () => {
    expect(quickLanguageOf('OK 12')).toEqual({ code: 'und', confidence: 0 });
  });
});

describe('detectLanguage', () => {
  it.each<readonly [string, string]>([
    ...CLEAR_PROSE,
    ...GUARDED_PROSE,
    ['de', 'Die Außenminister trafen sich am Dienstag, um über die Zusammenarbeit und die humanitäre Lage in der Region zu sprechen.'],
    ['fr', 'Les ministres des Affaires étrangères se sont réunis mardi pour discuter de la coopération et de la situation humanitaire dans la région.'],
    ['es', 'Los ministros de Asuntos Exteriores se reunieron el martes para hablar de la cooperación y de la situación humanitaria en la región.'],
    ['pt', 'Os ministros das Relações Exteriores se reuniram na terça-feira para discutir a cooperação e a situação humanitária na região.'],
    ['tr', 'Dışişleri bakanları salı günü bölgedeki güvenlik işbirliğini ve insani durumu görüşmek üzere bir araya geldi.'],
  ])('recognises %s news prose', async (code, text) => {
    const guess = await detectLanguage(text);
    expect(guess.code).toBe(code);
    expect(guess.confidence).toBeGreaterThan(0.3);
  });

  it('agrees with the quick checks whenever they settle the text', async () => {
    for (const [, text] of CLEAR_PROSE) expect(await detectLanguage(text)).toEqual(quickLanguageOf(text));
  });

  it('answers und with zero confidence for text too short to judge', async () => {
    expect(await detectLanguage('OK 12')).toEqual({ code: 'und', confidence: 0 });
  });

  it('reports less confidence for a short text than for a long one', async () => {
    const short = await detectLanguage('Presiden bertemu menteri di istana.');
    const long = await detectLanguage('Presiden bertemu menteri di istana. '.repeat(12));
    expect(short.confidence).toBeLessThan(long.confidence);
  });
});

describe('detectLanguage loading franc-min', () => {
  afterEach(() => {
    vi.doUnmock('franc-min');
    vi.resetModules();
  });

  /** A fresh copy of the language module whose franc-min import is observed; `loads` counts imports. */
  async function languageModuleWatchingFranc() {
    vi.resetModules();
    const watch = { loads: 0 };
    vi.doMock('franc-min', async (importOriginal) => {
      watch.loads++;
      return importOriginal();
    });
    const module = await import('#shared/domain/extract/language.ts');
    return { ...module, watch };
  }

  it('never imports franc for text the quick checks settle', async () => {
    const { detectLanguage: detect, watch } = await languageModuleWatchingFranc();
    for (const [code, text] of CLEAR_PROSE) expect((await detect(text)).code).toBe(code);
    expect(watch.loads).toBe(0);
  });

  it('imports franc on the first unsettled text, and only once', async () => {
    const { detectLanguage: detect, watch } = await languageModuleWatchingFranc();
    const guesses = await Promise.all(GUARDED_PROSE.map(([, text]) => detect(text)));
    expect(guesses.map((guess) => guess.code)).toEqual(GUARDED_PROSE.map(([code]) => code));
    expect(await detect(GUARDED_PROSE[0]?.[1] ?? '')).toMatchObject({ code: 'it' });
    expect(watch.loads).toBe(1);
  });
});

describe('iso639_1Of', () => {
  // The hand-written table it replaced: Intl.Locale (CLDR aliases) must give the same answer for each.
  const previousTable: Record<string, string> = {
    ind: 'id',
    eng: 'en',
    arb: 'ar',
    pes: 'fa',
    prs: 'fa',
    rus: 'ru',
    ukr: 'uk',
    bel: 'be',
    bul: 'bg',
    srp: 'sr',
    deu: 'de',
    fra: 'fr',
    spa: 'es',
    por: 'pt',
    tur: 'tr',
    ita: 'it',
    nld: 'nl',
    pol: 'pl',
    ron: 'ro',
    ces: 'cs',
    slk: 'sk',
    hun: 'hu',
    swe: 'sv',
    dan: 'da',
    fin: 'fi',
    ell: 'el',
    heb: 'he',
    hin: 'hi',
    urd: 'ur',
    ben: 'bn',
    tha: 'th',
    vie: 'vi',
    cmn: 'zh',
    jpn: 'ja',
    kor: 'ko',
    swh: 'sw',
    hau: 'ha',
    yor: 'yo',
    som: 'so',
    azj: 'az',
    uzn: 'uz',
    kaz: 'kk',
    hrv: 'hr',
    bos: 'bs',
    ceb: 'ceb',
    jav: 'jv',
    sun: 'su',
    amh: 'am',
    tam: 'ta',
    tel: 'te',
    mar: 'mr',
    guj: 'gu',
  };

  it.each(Object.entries(previousTable))('maps %s to %s', (code, expected) => {
    expect(iso639_1Of(code)).toBe(expected);
  });

  it.each([['zlm'], ['zsm']])('folds Malay (%s) into Indonesian', (code) => {
    expect(iso639_1Of(code)).toBe('id');
  });

  it('keeps franc\'s "undetermined" and codes with no two-letter form as they are', () => {
    expect(iso639_1Of('und')).toBe('und');
    expect(iso639_1Of('mai')).toBe('mai');
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsedArticleOf } from '#shared/domain/article.ts';
import { cleanArticle } from '#shared/domain/clean/clean.ts';
import { BOILERPLATE_RULE_FILES } from '#shared/domain/clean/rules.ts';

const parsedText = (text: string, title: string | null = null) => parsedArticleOf('text', text, { title });
const sample = readFileSync(new URL('../../samples/000_8692206af46fdf20.txt', import.meta.url), 'utf8');
const reasonsOf = (removed: { text: string; reason: string }[]) => new Map(removed.map((r) => [r.text, r.reason]));

describe('cleanArticle on the canonical sample', () => {
  const cleaned = cleanArticle(parsedText(sample));

  it('takes the headline as the title and keeps it out of the body', () => {
    expect(cleaned.title).toBe('AS-Rusia Sepakati Mekanisme Konsultasi Buat Redakan Ketegangan');
    expect(cleaned.body.startsWith('Riyadh: Delegasi')).toBe(true);
  });

  it('removes the related links, the photo caption and the trailing widget, with reasons', () => {
    const reasons = reasonsOf(cleaned.removed);
    expect(reasons.get('Cek Artikel: Menhan Amerika Perkumpulan akan Temui Menhan Israel Bahas Situasi di Timur Tengah')).toBe('related-link');
    expect(reasons.get('Cek Artikel: Heboh, Stasiun Penyiaran Saudi Cap Golongan Perlawanan sebagai Teroris')).toBe('related-link');
    expect(reasons.get('Mungkin Anda Menyukai')).toBe('trailing-widget');
    expect([...reasons.keys()].some((t) => t.startsWith('Pertemuan Menlu AS Marco Rubio') && t.endsWith('Foto: Anadolu'))).toBe(true);
    expect(cleaned.captions).toHaveLength(1);
    expect(cleaned.body).not.toMatch(/Cek Artikel|Mungkin Anda Menyukai|Foto: Anadolu/);
  });

  it('keeps every body paragraph, separated by blank lines', () => {
    expect(cleaned.body).toContain('Delegasi Rusia dipimpin oleh Menteri Luar Negeri Sergey Lavrov');
    expect(cleaned.body).toContain('utusan Spesifik Buat Timur Tengah.');
    expect(cleaned.body.split('\n\n')).toHaveLength(10);
    expect(cleaned.truncated).toBe(false);
    expect(cleaned.boilerplateRatio).toBeGreaterThan(0.05);
    expect(cleaned.boilerplateRatio).toBeLessThan(0.3);
  });
});

describe('cleanArticle', () => {
  it('drops a related-link label together with the headline under it, but not the paragraph after a bare label', () => {
    const text = [
      'Pasukan Ukraina merebut kembali sebuah desa di selatan, kata pejabat militer pada Kamis.',
      'Baca Juga:',
      'Harga Cabai Naik Jelang Lebaran di Pasar Induk',
      'Serangan balasan berjalan lebih lambat dari yang diharapkan, kata presiden dalam pidatonya.',
      'Baca Juga',
      'Para pembela kami sekarang terus membersihkan pemukiman itu, kata wakil menteri pertahanan.',
    ].join('\n');
    const cleaned = cleanArticle(parsedText(text, 'Ukraina Rebut Desa'));
    expect(cleaned.body).not.toContain('Harga Cabai');
    expect(cleaned.body).toContain('Para pembela kami sekarang');
    expect(reasonsOf(cleaned.removed).get('Harga Cabai Naik Jelang Lebaran di Pasar Induk')).toBe('related-link');
  });

  it('moves editor, reporter and author lines into bylines', () => {
    const text = [
      'Rep: Kamran Dikarma/ Red: Nidia Zuraya',
      'JAKARTA -- Menteri Luar Negeri bertemu mitranya dari tiga negara untuk membahas kerja sama kawasan.',
      'Editor: Teguh Imam Wibowo',
    ].join('\n\n');
    const cleaned = cleanArticle(parsedText(text, 'Menlu Bertemu Mitra'));
    expect(cleaned.bylines).toEqual(['Rep: Kamran Dikarma/ Red: Nidia Zuraya', 'Editor: Teguh Imam Wibowo']);
    expect(cleaned.body).toBe('JAKARTA -- Menteri Luar Negeri bertemu mitranya dari tiga negara untuk membahas kerja sama kawasan.');
  });

  it('removes ad markers, share prompts and timestamps in several languages', () => {
    const text = [
      'Selasa, 16 Januari 2024 05:35 WIB',
      'KYIV (Reuters) - Russia launched a wave of drones at the capital overnight, officials said on Sunday.',
      'ADVERTISEMENT',
      'SCROLL TO CONTINUE WITH CONTENT',
      'Air defences shot down most of them, the air force said in a statement on Telegram.',
      '>> LIRE AUSSI - Guerre en Ukraine : retour sur dix moments clés',
      'Читайте также: Новые санкции против России',
      'اقرأ أيضا: قمة عربية في جدة',
      'Leia também: Ataque em Kiev deixa feridos',
      'Share this article',
    ].join('\n');
    const cleaned = cleanArticle(parsedText(text, 'Drones over Kyiv'));
    expect(cleaned.body).toBe(
      'KYIV (Reuters) - Russia launched a wave of drones at the capital overnight, officials said on Sunday.\n\n' +
        'Air defences shot down most of them, the air force said in a statement on Telegram.',
    );
    expect(reasonsOf(cleaned.removed).get('Selasa, 16 Januari 2024 05:35 WIB')).toBe('timestamp');
  });

  it('matches prefix phrases whose first word is hyphenated, keyed by the same first word as the line', () => {
    const text = [
      'PARIS (AFP) - Les ministres se sont réunis dimanche au Caire pour discuter de la trêve et de la suite des négociations.',
      'Suivez-nous : Facebook, Instagram',
      'Les discussions doivent reprendre lundi, a indiqué un diplomate sous couvert d’anonymat à la presse.',
      'Siga-nos - Telegram e WhatsApp',
    ].join('\n');
    const reasons = reasonsOf(cleanArticle(parsedText(text, 'Trêve')).removed);
    expect(reasons.get('Suivez-nous : Facebook, Instagram')).toBe('share-prompt');
    expect(reasons.get('Siga-nos - Telegram e WhatsApp')).toBe('share-prompt');
  });

  it('removes a caption line by whole-line match only, leaving the same words inside the lead', () => {
    const caption = 'Menlu Retno Marsudi melakukan pertemuan trilateral dengan Menlu Rusia dan Cina di Jakarta, Selasa (12/7/2023).';
    const text = [caption, 'Foto: Dok ASEAN', caption, '', `REPUBLIKA.CO.ID, JAKARTA – ${caption} Pertemuan itu berlangsung dua jam.`].join('\n');
    const cleaned = cleanArticle(parsedText(text, 'Pertemuan Trilateral di Jakarta'));
    expect(cleaned.body).toBe(`REPUBLIKA.CO.ID, JAKARTA – ${caption} Pertemuan itu berlangsung dua jam.`);
    expect(cleaned.captions).toContain('Foto: Dok ASEAN');
  });

  it('strips inline photo credits and a related link glued to a paragraph without removing body words', () => {
    const text =
      'Presiden tiba di Riyadh pada Sabtu pagi untuk menghadiri KTT (Foto: ANTARA/Rivan Awal). Ia disambut gubernur. Baca juga: Jokowi Tiba di Arab Saudi';
    const cleaned = cleanArticle(parsedText(text, 'Presiden Tiba di Riyadh'));
    expect(cleaned.body).toBe('Presiden tiba di Riyadh pada Sabtu pagi untuk menghadiri KTT. Ia disambut gubernur.');
    expect(cleaned.removed.map((r) => r.reason)).toEqual(expect.arrayContaining(['inline-photo-credit', 'inline-related-link']));
  });

  it('drops a trailing recommendation widget with its headline list', () => {
    const text = [
      'Hamas and Israel agreed to extend the truce by two days, the Qatari mediator said on Monday.',
      'You may also like',
      'Ten Things to Know About the Summit',
      'Oil Prices Fall as Demand Slows',
      'Celebrity Chef Opens New Restaurant',
    ].join('\n');
    const cleaned = cleanArticle(parsedText(text, 'Truce extended'));
    expect(cleaned.body).toBe('Hamas and Israel agreed to extend the truce by two days, the Qatari mediator said on Monday.');
    expect(cleaned.removed.filter((r) => r.reason === 'trailing-widget')).toHaveLength(4);
  });

  it('keeps a short subheading between paragraphs', () => {
    const text = [
      'Militer Israel mengatakan Iran meluncurkan lebih dari 200 drone dan rudal ke wilayahnya pada malam hari.',
      'AS Tembak Jatuh Drone Iran',
      'Militer Amerika Serikat menembak jatuh drone-drone yang ditujukan ke Israel, kata pejabat pertahanan.',
    ].join('\n');
    expect(cleanArticle(parsedText(text, 'Serangan Iran')).body).toContain('AS Tembak Jatuh Drone Iran');
  });

  it('keeps the first of repeated paragraphs and drops a repeated title', () => {
    const paragraph = 'Oil prices rose slightly on the first trading day of the year amid tensions in the region.';
    const text = ['Oil prices rise', 'Oil prices rise', paragraph, paragraph].join('\n\n');
    const cleaned = cleanArticle(parsedText(text, 'Oil prices rise'));
    expect(cleaned.body).toBe(paragraph);
    expect(cleaned.removed.map((r) => r.reason)).toEqual(['title-repeat', 'title-repeat', 'duplicate']);
  });

  it('strips the extractor date prefix and keeps the rest of the line', () => {
    const cleaned = cleanArticle(
      parsedText(
        ' date 2024-02-07 Mediator Perang Gaza Cari Formula Akhir\n\nGAZA – Mediator perang di Gaza menyiapkan dorongan diplomatik baru untuk gencatan senjata.',
      ),
    );
    expect(cleaned.title).toBe('Mediator Perang Gaza Cari Formula Akhir');
    expect(cleaned.removed[0]).toEqual({ text: 'date 2024-02-07', reason: 'extractor-date-prefix' });
  });

  it('re-joins a sentence that an inline link split across lines', () => {
    const lead = 'DUBAI – Ukrainian President Volodymyr Zelensky landed in Jeddah on Friday to attend an Arab League summit.';
    const text = `${lead}\n\nMr Zelensky arrived via a French government plane. He is also\n\ndue to attend the Group of Seven summit\n\nin Hiroshima this weekend.`;
    expect(cleanArticle(parsedText(text, 'Zelensky in Jeddah')).body).toBe(
      `${lead}\n\nMr Zelensky arrived via a French government plane. He is also due to attend the Group of Seven summit in Hiroshima this weekend.`,
    );
  });

  it('flags a text that ends mid-sentence as truncated', () => {
    const cleaned = cleanArticle(parsedText('Pertemuan para menteri luar negeri akan dimulai pada Selasa dan berlangsung hingga Jum', 'Pertemuan'));
    expect(cleaned.truncated).toBe(true);
  });

  it('loads versioned rule files whose patterns compile and avoid nested unbounded quantifiers', () => {
    const nested = /\((?:[^()\\]|\\.)*[+*]\)[+*]/;
    for (const file of BOILERPLATE_RULE_FILES) {
      expect(file.version).toMatch(/^\d+\.\d+\.\d+$/);
      for (const rule of [...(file.lines ?? []), ...(file.inline ?? []), ...(file.captionSuffixes ?? [])]) {
        for (const pattern of rule.patterns) {
          expect(() => new RegExp(pattern, 'u'), `${file.language}/${rule.id}`).not.toThrow();
          expect(nested.test(pattern), `${file.language}/${rule.id}: ${pattern}`).toBe(false);
        }
      }
    }
  });
});

describe('cleanArticle audio prompts', () => {
  it('drops "Listen to this article" without treating the headline-like line under it as a related link', () => {
    const text = [
      'Ukraine talks resume in Geneva',
      '',
      'Listen to this article',
      '',
      'Prisoner exchange on the agenda as envoys meet',
      '',
      'GENEVA (Reuters) - Diplomats from Ukraine and Russia met on Tuesday in Geneva for a new round of talks on prisoner exchanges, officials said.',
    ].join('\n');
    const cleaned = cleanArticle(parsedText(text));
    expect(reasonsOf(cleaned.removed).get('Listen to this article')).toBe('audio-prompt');
    expect(reasonsOf(cleaned.removed).get('Prisoner exchange on the agenda as envoys meet')).not.toBe('related-link');
  });
});

describe('cleanArticle copyright notices', () => {
  it("drops a news agency's no-scraping notice at the end of an Indonesian article", () => {
    const text = [
      'Ekspor kopi naik tajam',
      '',
      'JAKARTA (ANTARA) - Ekspor kopi Indonesia naik tajam pada kuartal ketiga, menurut data yang dirilis Senin oleh badan statistik.',
      '',
      'Dilarang keras mengambil konten, melakukan crawling atau pengindeksan otomatis untuk AI di situs web ini tanpa izin tertulis dari kantor berita.',
    ].join('\n');
    const cleaned = cleanArticle(parsedText(text));
    expect(cleaned.body).not.toContain('Dilarang keras');
    expect(cleaned.body).toContain('Ekspor kopi Indonesia naik tajam');
  });
});

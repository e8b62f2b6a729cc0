import { describe, expect, it } from 'vitest';
import { cleanArticle, splitArticleLines } from '#shared/domain/clean/clean.ts';
import { parsedArticleOf } from '#shared/domain/article.ts';
import {
  type ArticleObservation,
  lineKeysOf,
  learnTemplate,
  observeArticle,
  type PublisherTemplate,
  TemplateIndex,
  templateReasonOf,
} from '#shared/domain/clean/template.ts';
import { parsePublisherTemplate } from '#shared/template-schema.ts';
import { growthOf } from './growth.ts';

// A made-up publisher, "Warta Pagi": every article carries its masthead, a date-and-language line,
// a byline slot, an ad-free promo between paragraphs, a share label and a legal notice at the end.
const CITIES = ['Bandung', 'Surabaya', 'Medan', 'Makassar', 'Semarang', 'Padang', 'Malang', 'Bogor', 'Ambon', 'Kupang'];
const SUBJECTS = ['Dinas pendidikan', 'Warga kampung', 'Pengurus koperasi', 'Petugas pemadam', 'Pedagang pasar', 'Kelompok tani'];
const VERBS = ['membuka', 'menutup', 'memperbaiki', 'mengusulkan', 'menolak', 'merayakan'];
const OBJECTS = ['jembatan gantung', 'pasar malam', 'perpustakaan desa', 'saluran irigasi', 'lapangan voli', 'balai warga'];

/** A unique prose sentence for article `i`, sentence `j`. */
function sentence(i: number, j: number): string {
  const city = CITIES[(i + j) % CITIES.length];
  return `${SUBJECTS[(i * 7 + j) % SUBJECTS.length]} di ${city} ${VERBS[(i + 3 * j) % VERBS.length]} ${OBJECTS[(i * 5 + j * 2) % OBJECTS.length]} pada pekan ke-${i * 10 + j} tahun ini, kata seorang pengurus setempat.`;
}

interface Layout {
  masthead: string;
  footer: string;
}
const OLD_LAYOUT: Layout = {
  masthead: 'WARTA PAGI | Berita Terpercaya',
  footer: 'Hak cipta dilindungi undang-undang. Dilarang mengutip tanpa izin tertulis dari redaksi Warta Pagi.',
};
const NEW_LAYOUT: Layout = {
  masthead: 'Warta Pagi Digital – beranda',
  footer: 'Semua isi situs ini milik Warta Pagi Digital dan tidak boleh disalin tanpa izin redaksi kami.',
};

function article(i: number, layout: Layout = OLD_LAYOUT, extra: { standard?: boolean; byline?: boolean } = {}): string {
  const day = 1 + (i % 27);
  return [
    layout.masthead,
    `Senin, ${day} Februari 2025 | English | Bahasa`,
    titleOf(i),
    ...(extra.byline === false ? [] : [`Penulis: ${['Rina Wati', 'Budi Santoso', 'Ahmad Fauzi'][i % 3]}`]),
    '',
    `${(CITIES[i % CITIES.length] ?? '').toUpperCase()}, WARTA PAGI - ${sentence(i, 0)}`,
    sentence(i, 1),
    'Nikmati berita tanpa iklan dengan berlangganan Warta Pagi Plus mulai hari ini juga.',
    sentence(i, 2),
    ...(extra.standard ? ['Polisi belum dapat memastikan jumlah korban secara independen.'] : []),
    sentence(i, 3),
    'Bagikan:',
    layout.footer,
  ].join('\n');
}

/** A headline unique to article `i` (for i < 216), as real headlines are. */
const titleOf = (i: number) =>
  `${SUBJECTS[i % 6]} ${VERBS[Math.floor(i / 6) % 6]} ${OBJECTS[Math.floor(i / 36) % 6]} di ${CITIES[i % CITIES.length]} untuk kali ke-${i}`;
const observe = (text: string): ArticleObservation => observeArticle(splitArticleLines(text).lines, true);
const learn = (texts: string[], settings = {}): PublisherTemplate => learnTemplate(texts.map(observe), { publisher: 'warta-pagi', settings });
const removedBy = (template: PublisherTemplate, text: string) => {
  const lines = splitArticleLines(text).lines;
  return new TemplateIndex(template).decide(lines).flatMap((d, i) => (d?.remove ? [lines[i]] : []));
};

describe('line keys', () => {
  it('fold case, digits, dates and punctuation: a date line is the same line every day', () => {
    expect(lineKeysOf('Senin, 3 Februari 2025 | English').line).toBe(lineKeysOf('Kamis, 27 Maret 2024 | english').line);
    expect(lineKeysOf('Kompas.com - 04/12/2016, 13:05 WIB').line).toBe(lineKeysOf('Kompas.com - 27/03/2024, 06:16 WIB').line);
    expect(lineKeysOf('Baca juga').line).not.toBe(lineKeysOf('Baca juga ini').line);
  });

  it('fold names into a shape that keeps the plain words', () => {
    const a = lineKeysOf('oleh Ady Anugrahadi diperbarui 23 Des 2023, 06:20 WIB');
    const b = lineKeysOf('oleh Mabruri Pudyas Salim diperbarui 17 Feb 2024, 15:30 WIB');
    expect(a.line).not.toBe(b.line);
    expect(a.shape).not.toBeNull();
    expect(a.shape).toBe(b.shape);
    // A name alone, or a headline of capitalised words, has no shape: nothing plain is left to recognise it by.
    expect(lineKeysOf('Lutfy Mairizal Putra').shape).toBeNull();
    expect(lineKeysOf('Saat Menlu Retno Naik Motor Membelah Jakarta').shape).toBeNull();
  });

  it('key a "Label: headline" line by its label, not a sentence after a colon', () => {
    expect(lineKeysOf('Baca juga: Menlu Bertemu Mitra dari Tiga Negara').label).toBe(lineKeysOf('BACA JUGA: Harga Beras Turun Lagi').label);
    expect(lineKeysOf('Kata dia: kami sudah bekerja keras sejak pagi dan akan terus bekerja.').label).toBeNull();
    expect(lineKeysOf('+').line).not.toBe(lineKeysOf('|').line);
  });
});

describe('learning and applying a publisher template', () => {
  const history = Array.from({ length: 6 }, (_, i) => article(i));
  const template = learn(history);
  const fresh = article(40);

  it('removes the lines the publisher repeats: masthead, date line, promo, share label, legal notice, byline shape', () => {
    expect(removedBy(template, fresh)).toEqual([
      'WARTA PAGI | Berita Terpercaya',
      'Senin, 14 Februari 2025 | English | Bahasa',
      'Penulis: Budi Santoso',
      'Nikmati berita tanpa iklan dengan berlangganan Warta Pagi Plus mulai hari ini juga.',
      'Bagikan:',
      OLD_LAYOUT.footer,
    ]);
  });

  it('never removes the article’s own text: title, dateline, its sentences', () => {
    const removed = new Set(removedBy(template, fresh));
    for (const line of splitArticleLines(fresh).lines) {
      if (line === titleOf(40) || line.includes(', WARTA PAGI -') || /pekan ke-/.test(line)) expect(removed.has(line)).toBe(false);
    }
  });

  it('keeps a standard sentence that recurs inside the prose of some articles', () => {
    // A third of the stories repeat it (the ones about accidents); the promo between paragraphs is in all of them.
    const stream = Array.from({ length: 9 }, (_, i) => article(i, OLD_LAYOUT, { standard: i % 3 === 0 }));
    const removed = removedBy(learn(stream), article(51, OLD_LAYOUT, { standard: true }));
    expect(removed).not.toContain('Polisi belum dapat memastikan jumlah korban secara independen.');
    expect(removed).toContain('Nikmati berita tanpa iklan dengan berlangganan Warta Pagi Plus mulai hari ini juga.');
  });

  it('needs more evidence for a promo inside the prose than for a line outside it', () => {
    const two = learn([article(1), article(2)]);
    const removed = removedBy(two, article(3));
    expect(removed).toContain('WARTA PAGI | Berita Terpercaya');
    expect(removed).not.toContain('Nikmati berita tanpa iklan dengan berlangganan Warta Pagi Plus mulai hari ini juga.');
  });

  it('keeps datelines and table rows that recur', () => {
    const rows = (i: number) => `${article(i)}\nKota | Pagi | Siang\nJakarta | Cerah | Hujan\nJAKARTA, WARTA PAGI -`;
    const t = learn([rows(1), rows(2), rows(3), rows(4)]);
    const removed = removedBy(t, rows(5));
    expect(removed).not.toContain('Kota | Pagi | Siang');
    expect(removed).not.toContain('JAKARTA, WARTA PAGI -');
  });

  it('keeps a series title whose date changes (a daily forecast), while a date line goes', () => {
    const daily = (i: number) => article(i).replace(titleOf(i), `Prakiraan cuaca Jakarta dan sekitarnya hari ini, Senin ${1 + i} Februari 2025`);
    const removed = removedBy(learn([daily(1), daily(2), daily(3), daily(4)]), daily(5));
    expect(removed).not.toContain('Prakiraan cuaca Jakarta dan sekitarnya hari ini, Senin 6 Februari 2025');
    expect(removed).toContain('Senin, 6 Februari 2025 | English | Bahasa');
  });

  it('keeps sentences written to a formula, whose numbers change from article to article', () => {
    const report = (i: number) => `${article(i)}\nIndeks saham ditutup menguat ${i}.${i + 3} persen ke level ${7000 + 13 * i} pada perdagangan sore ini.`;
    const removed = removedBy(learn([report(1), report(2), report(3), report(4)]), report(5));
    expect(removed).not.toContain('Indeks saham ditutup menguat 5.8 persen ke level 7065 pada perdagangan sore ini.');
    expect(removed).toContain(OLD_LAYOUT.footer);
  });

  it('learns from a handful: five articles already remove the masthead and the footer', () => {
    const t = learn(history.slice(0, 5));
    expect(removedBy(t, fresh)).toEqual(expect.arrayContaining(['WARTA PAGI | Berita Terpercaya', OLD_LAYOUT.footer]));
  });

  it('counts a re-uploaded article once: its title and sentences never become template', () => {
    const again = article(3).replace(sentence(3, 3), 'Kalimat terakhir diperbarui oleh redaksi setelah konfirmasi.');
    const t = learn([article(1), article(3), again, article(5)]);
    const removed = removedBy(t, again);
    expect(removed).not.toContain(sentence(3, 1));
    expect(removed).not.toContain(titleOf(3));
  });

  it('follows a layout change: new lines are removed soon, old ones age out', () => {
    const stream = [...Array.from({ length: 60 }, (_, i) => article(i)), ...Array.from({ length: 12 }, (_, i) => article(100 + i, NEW_LAYOUT))];
    const t = learn(stream);
    expect(removedBy(t, article(200, NEW_LAYOUT))).toEqual(expect.arrayContaining([NEW_LAYOUT.masthead, NEW_LAYOUT.footer]));
    const later = learn([...stream, ...Array.from({ length: 80 }, (_, i) => article(300 + i, NEW_LAYOUT))]);
    const old = later.entries.find((e) => e.text === OLD_LAYOUT.masthead);
    expect(old?.short ?? null).toBeNull();
  });

  it('is deterministic, and its version names its decisions, not its counts', () => {
    expect(JSON.stringify(learn(history))).toBe(JSON.stringify(template));
    const plain = (i: number, layout = OLD_LAYOUT) => article(i, layout, { byline: false });
    const base = learn(Array.from({ length: 6 }, (_, i) => plain(i)));
    const more = learn([...Array.from({ length: 6 }, (_, i) => plain(i)), plain(41)]);
    expect(more.entries.find((e) => e.text === OLD_LAYOUT.masthead)?.articles).toBe(7);
    expect(more.version).toBe(base.version);
    expect(learn([...Array.from({ length: 6 }, (_, i) => plain(i)), plain(41, NEW_LAYOUT), plain(42, NEW_LAYOUT)]).version).not.toBe(base.version);
  });

  it('keeps an editor’s pins: a kept line stays, a junk line goes on first sight', () => {
    const masthead = template.entries.find((e) => e.text === OLD_LAYOUT.masthead);
    expect(masthead).toBeDefined();
    const oneOff = 'Edisi khusus akhir pekan';
    const pinned = learnTemplate(history.map(observe), {
      pins: [
        { key: masthead?.key ?? '', kind: 'line', pinned: 'keep' },
        { key: lineKeysOf(oneOff).line, kind: 'line', pinned: 'junk', text: oneOff },
      ],
    });
    const removed = removedBy(pinned, `${oneOff}\n${fresh}`);
    expect(removed).toContain(oneOff);
    expect(removed).not.toContain(OLD_LAYOUT.masthead);
    expect(pinned.version).not.toBe(template.version);
  });

  it('round-trips through its stored form, and a damaged file is a clear error', () => {
    expect(parsePublisherTemplate(JSON.parse(JSON.stringify(template)))).toEqual(template);
    expect(() => parsePublisherTemplate({ ...template, version: 'x' })).toThrow(/version/);
  });
});

describe('cleaning with a template', () => {
  const template = learn(Array.from({ length: 6 }, (_, i) => article(i)));
  const clean = (text: string, t: PublisherTemplate | null) =>
    cleanArticle(parsedArticleOf('text', text), { publisher: 'warta-pagi', template: t ? new TemplateIndex(t) : null });

  it('removes the template lines with the template’s version as reason, and keeps the story', () => {
    const cleaned = clean(article(40), template);
    const reason = templateReasonOf(template);
    expect(cleaned.removed.filter((r) => r.reason === reason).map((r) => r.text)).toContain(OLD_LAYOUT.footer);
    expect(cleaned.body).not.toContain('Nikmati berita tanpa iklan');
    for (let j = 1; j < 4; j++) expect(cleaned.body).toContain(sentence(40, j));
    expect(cleaned.title).toBe(titleOf(40));
  });

  it('never takes the title by its shape or label, only lines shaped like the publisher’s furniture', () => {
    // Related links "Pedagang pasar: …" follow every article; this article's headline has the same label.
    const related = (i: number) => `${article(i)}\nPedagang pasar: ${titleOf(i + 100)}\nPedagang pasar: ${titleOf(i + 150)}`;
    const t = learn([related(1), related(2), related(3), related(4)]);
    const headline = 'Pedagang pasar: Harga Beras Turun Menjelang Lebaran di Medan';
    const text = `${article(40).replace(titleOf(40), headline)}\nPedagang pasar: ${titleOf(199)}`;
    expect(clean(text, null).title).toBe(headline);
    const cleaned = clean(text, t);
    expect(cleaned.title).toBe(headline);
    expect(cleaned.removed).toContainEqual({ text: `Pedagang pasar: ${titleOf(199)}`, reason: templateReasonOf(t) });
  });

  it('cleans exactly as today without a template, or with one that does not recognise the article', () => {
    const other = 'Kabar Lain\n\nSebuah paragraf yang cukup panjang untuk dibaca sebagai isi berita oleh pembersih.\n\nBaca juga: Berita Lain';
    expect(clean(other, learn([]))).toEqual(clean(other, null));
    expect(clean(other, template)).toEqual(clean(other, null));
  });
});

describe('cost', () => {
  it('applies a template in time linear in the article’s lines', async () => {
    const template = new TemplateIndex(learn(Array.from({ length: 6 }, (_, i) => article(i))));
    const growth = await growthOf(
      (n) => splitArticleLines(Array.from({ length: n }, (_, i) => article(i)).join('\n')).lines,
      (lines) => template.decide(lines),
      { start: 2, max: 400, floorMs: 2, samples: 3 },
    );
    expect(growth.reason).toBe('');
  });

  it('learns in time linear in the articles it learns from', async () => {
    const growth = await growthOf(
      (n) => Array.from({ length: n }, (_, i) => observe(article(i))),
      (observations) => learnTemplate(observations, { settings: { window: 100_000 } }),
      { start: 2, max: 200, floorMs: 2, samples: 3 },
    );
    expect(growth.reason).toBe('');
  });
});

/**
 * Probe texts for the feature hash on every model card: the features computed on these fixed texts,
 * with the feature names and the data files the features read, name the feature definitions. A
 * change to a feature's code changes its values here, so a shipped training set made by older
 * features is refused instead of silently mixed with new ones (docs/adr/0009-model-artifacts.md).
 *
 * Written for this project; they only need to touch many features (menus, captions, credits, dates,
 * links, tables, prose in several scripts), not to be realistic articles. Append, never edit: an edit
 * changes every card's feature hash.
 */

/** A page-dump-like text: junk of many shapes around a short article. */
export const PROBE_LINES: readonly string[] = [
  'Beranda | Nasional | Dunia | Ekonomi | Olahraga',
  'Cari berita...',
  'Home › World › Asia',
  'Ministers agree on a new grain corridor after talks in Ankara',
  'Rabu, 12 Maret 2025 14:05 WIB',
  'By Jane Doe, Reuters',
  'ANKARA (Reuters) - Foreign ministers from four countries agreed on Wednesday to reopen a grain corridor, officials said.',
  'The deal, which still needs approval by the parliaments involved, follows three rounds of negotiations.',
  '"We have a text that everyone can sign," the host minister told reporters after the meeting.',
  'Baca juga: Harga beras naik di tiga provinsi',
  'Foto: Para menteri berjabat tangan di Ankara. (ANTARA/Budi Santoso)',
  '| Country | Tonnes | Share |',
  '| Ukraine | 1,200,000 | 41% |',
  '| Turkey | 300,000 | 10% |',
  'Вторая встреча министров пройдёт в апреле в Стамбуле, сообщили в министерстве.',
  'وقال المتحدث إن الاتفاق يشمل ممرا آمنا للسفن التجارية في البحر الأسود.',
  'Die Gespräche sollen im Mai fortgesetzt werden, hieß es aus Regierungskreisen.',
  'Share: Facebook Twitter WhatsApp',
  'https://example.com/news/2025/03/12/grain-corridor',
  'ADVERTISEMENT',
  '© 2025 Example Daily. All rights reserved.',
  'Related: Wheat prices fall to a four-month low',
  'Comments (12)',
];

/** Short articles for the topic features: title, body, language. */
export const PROBE_ARTICLES: readonly { title: string; body: string; language: string }[] = [
  {
    title: 'Ministers agree on a new grain corridor after talks in Ankara',
    body: PROBE_LINES.slice(6, 9).join('\n\n'),
    language: 'en',
  },
  {
    title: 'Menlu RI bertemu Menlu Arab Saudi bahas Gaza',
    body: 'Menteri Luar Negeri Indonesia bertemu dengan mitranya dari Arab Saudi di Riyadh pada Senin untuk membahas bantuan kemanusiaan ke Gaza dan gencatan senjata.\n\nKedua menteri juga membicarakan kerja sama ekonomi.',
    language: 'id',
  },
  {
    title: 'Local club wins the derby in extra time',
    body: 'The home side scored twice after the break. Their Ukrainian striker, signed from Kyiv last summer, set up the winner.\n\nThe coach praised the fans.',
    language: 'en',
  },
  {
    title: 'Rezept: Linsensuppe nach Art des Hauses',
    body: 'Die Linsen über Nacht einweichen. Zwiebeln anbraten, Tomaten und Kreuzkümmel dazugeben und eine Stunde köcheln lassen.',
    language: 'de',
  },
];

import type { LanguageGuess } from '../article.ts';
import { classesAt, LETTER, widthAt } from '../text/chars.ts';
import { scanWords } from '../text/text.ts';

/** Malay is folded into Indonesian: in this feed it is almost always Indonesian. */
const FOLDED: Readonly<Record<string, string>> = { zlm: 'id', zsm: 'id' };
const twoLetterCodes = new Map<string, string>();

/**
 * An ISO 639-2/3 code (franc's) as ISO 639-1 where one exists, through CLDR's aliases in
 * Intl.Locale (macrolanguage members included), else the code as given. Malay is folded into Indonesian.
 *
 * @example iso639_1Of('arb') // → 'ar'
 * @example iso639_1Of('cmn') // → 'zh'
 * @example iso639_1Of('zlm') // → 'id'
 * @example iso639_1Of('ceb') // → 'ceb' (no two-letter code)
 */
export function iso639_1Of(code: string): string {
  const folded = FOLDED[code];
  if (folded) return folded;
  let known = twoLetterCodes.get(code);
  if (known === undefined) {
    try {
      // `und` has no language subtag in newer ICU data (undefined): keep it.
      known = new Intl.Locale(code).language ?? code;
    } catch {
      known = code; // not a well-formed tag
    }
    twoLetterCodes.set(code, known);
  }
  return known;
}

// Regional languages franc confuses with Indonesian on news text; the feed does not carry them.
const IGNORED = ['sun', 'jav', 'ceb', 'ilo', 'hil', 'tgl', 'mad', 'bug', 'min', 'ace', 'ban', 'plt', 'lin', 'nya', 'kin', 'run', 'sna', 'zul', 'xho'];

const MIN_LETTERS = 20;
// 600 characters identify every corpus language; more only slows the trigram model down.
const SAMPLE_CHARS = 600;

/**
 * Function words per language, for a fast path ahead of franc: news prose is full of them
 * ("yang", "the", "der", "что"), so a sample where one language's own words clearly outnumber
 * every other's needs no trigram model. Words listed under several languages count for none.
 * The guard languages (it, nl, tl, uk, bg) are never answered from here: they exist so that
 * text in them is not mistaken for a neighbour and goes to franc instead.
 */
const FUNCTION_WORDS: Readonly<Record<string, string>> = {
  id: 'yang dan di dengan untuk dari ini itu pada dalam tidak akan juga oleh ke telah bahwa tersebut kata adalah karena sebagai atau bisa sudah saat masih lebih menjadi kami mereka kita ada namun hingga antara tahun ia secara serta setelah harus dapat terhadap',
  en: 'the and of to in is that for with was on said as by at from has have it be are were which would its their after not this but been will also who they he his had an her',
  de: 'der die und das ist nicht mit von den dem sich auf für ein eine im des zu auch wird wurde hat sie es bei nach aus wie sind werden noch nur einer einen über oder aber vor was will also an in du um',
  fr: 'le la les des et est une du dans pour qui que sur pas avec au aux sont ont il elle ce cette ses leur par été plus mais ne se un en on à de',
  es: 'el los las del y en por con una para su es como más fue ha se que la un lo sus este esta pero sobre entre también sin ya hay no de',
  pt: 'o os as do da dos das e em para com uma um não por foi no na nos ao à é que se mais mas pelo pela sobre entre ele ela também são seu sua este esta como de',
  tr: 've bir bu ile için olarak olan daha en çok gibi ama sonra kadar göre şu her değil diye ise yüzde ancak ki mi o tarafından karşı arasında üzerinde olduğu olduğunu ettiği dedi etti ayrıca üzere kez yeni ilgili ilk son tüm milyon sırasında itibaren',
  ru: 'и в не на что с по как это он к из за от о для но же она его было был так уже также после при во который которые сказал заявил года более будет может или чтобы они их между через этом том со об под',
  it: 'il di che e la per del un una sono non con della dei le nel alla gli anche è de',
  nl: 'de het een van en in is dat op te zijn met voor niet aan er ook als bij',
  tl: 'ang ng sa mga na ay at si ni',
  uk: 'і що це як та для його на не з до від у також',
  bg: 'че са е се да който които на не за от',
};
const GUARD_LANGUAGES: ReadonlySet<string> = new Set(['it', 'nl', 'tl', 'uk', 'bg']);
const LANGUAGES = Object.keys(FUNCTION_WORDS);
/** Function word → index (into LANGUAGES) of the one language that uses it; words of several languages are left out. */
const EXCLUSIVE_FUNCTION_WORDS: ReadonlyMap<string, number> = (() => {
  const owners = new Map<string, Set<number>>();
  LANGUAGES.forEach((language, index) => {
    for (const word of (FUNCTION_WORDS[language] ?? '').split(' ')) owners.set(word, (owners.get(word) ?? new Set()).add(index));
  });
  const map = new Map<string, number>();
  for (const [word, languages] of owners) if (languages.size === 1) map.set(word, [...languages][0] ?? -1);
  return map;
})();
/** The fast path answers only when function words are this dense and the runner-up this far behind. */
const MIN_FUNCTION_WORDS = 6;
const MIN_FUNCTION_WORD_SHARE = 0.06;
const MIN_LEAD_FACTOR = 3;

/** What the cheap checks make of a text: a guess, or the sample (and its length factor) that only franc can settle. */
type QuickAssessment = { guess: LanguageGuess } | { guess: null; sample: string; lengthFactor: number };

/**
 * The language of a text when cheap checks settle it, else null: too little text → `und`;
 * Arabic-script text → `fa` when Persian-only letters outnumber Arabic-only ones, else `ar`;
 * prose whose function words clearly belong to one language → that language. Nearly every news
 * article is settled here; the rest (guard languages, thin or mixed prose) need `detectLanguage`.
 *
 * @example
 *   quickLanguageOf('Menteri itu mengatakan bahwa delegasi dari kedua negara akan bertemu di Riyadh untuk membahas hubungan yang tegang.')
 *   // → { code: 'id', confidence: 0.39 }
 *   quickLanguageOf('Il ministro degli Esteri ha incontrato ieri il suo omologo.') // → null (Italian: franc decides)
 */
export function quickLanguageOf(text: string): LanguageGuess | null {
  return assessQuickly(text).guess;
}

/**
 * Guesses an article's language: `quickLanguageOf` when it is sure, otherwise franc-min's trigram
 * model. franc (170 KB, ~13 ms to build its 82 language models) is imported on the first text that
 * needs it, so a process that only sees clear prose never loads it.
 *
 * @example
 *   await detectLanguage('De ministers van Buitenlandse Zaken kwamen dinsdag bijeen om de samenwerking te bespreken.')
 *   // → { code: 'nl', confidence: 0.31 } (Dutch is a guard language: franc decides)
 */
export async function detectLanguage(text: string): Promise<LanguageGuess> {
  const quick = assessQuickly(text);
  if (quick.guess) return quick.guess;
  const { francAll } = await loadFranc();
  const ranked = francAll(quick.sample, { ignore: IGNORED, minLength: 10 });
  const best = ranked[0];
  if (!best || best[0] === 'und') return { code: 'und', confidence: 0 };
  const code = iso639_1Of(best[0]);
  // Confidence from the gap to the best different language (ind and zlm are both `id`).
  const runnerUp = ranked.find(([lang]) => iso639_1Of(lang) !== code)?.[1] ?? 0;
  const separation = Math.min(1, 0.6 + (1 - runnerUp) * 8);
  return { code, confidence: round(separation * quick.lengthFactor) };
}

let franc: Promise<typeof import('franc-min')> | undefined;

/** franc-min, imported once per process; a failed import is not cached, so the next article retries it. */
function loadFranc(): Promise<typeof import('franc-min')> {
  franc ??= import('franc-min').catch((error: unknown) => {
    franc = undefined;
    throw error;
  });
  return franc;
}

function assessQuickly(text: string): QuickAssessment {
  const sample = text.slice(0, SAMPLE_CHARS);
  const counts = countScripts(sample);
  const letters = counts.letters;
  if (letters < MIN_LETTERS) return { guess: { code: 'und', confidence: 0 } };
  const lengthFactor = Math.min(1, letters / 250);

  if (counts.arabicScript / letters > 0.5) {
    // پ چ ژ گ ک ی are Persian; ة ي ك ى are Arabic.
    const { persian, arabic } = counts;
    const code = persian > arabic ? 'fa' : 'ar';
    const margin = Math.abs(persian - arabic) / Math.max(1, persian + arabic);
    return { guess: { code, confidence: round(Math.min(1, 0.5 + margin / 2) * lengthFactor) } };
  }

  // A clear function-word lead is as decisive as a wide trigram gap, where franc's separation saturates at 1.
  const quick = guessFromFunctionWords(sample);
  if (quick) return { guess: { code: quick, confidence: round(lengthFactor) } };
  return { guess: null, sample, lengthFactor };
}

interface ScriptCounts {
  /** Characters matching `\p{L}`. */
  letters: number;
  /** Characters in the Arabic block (U+0600–U+06FF). */
  arabicScript: number;
  persian: number;
  arabic: number;
}

/** Letter and Arabic-script counts in one pass over the sample. */
function countScripts(sample: string): ScriptCounts {
  const counts: ScriptCounts = { letters: 0, arabicScript: 0, persian: 0, arabic: 0 };
  for (let i = 0; i < sample.length; i += widthAt(sample, i)) {
    const code = sample.charCodeAt(i);
    if (code < 0x80) {
      // ASCII letters are A–Z and a–z: no class look-up for the common case.
      if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) counts.letters++;
      continue;
    }
    if ((classesAt(sample, i) & LETTER) !== 0) counts.letters++;
    if (code < 0x0600 || code > 0x06ff) continue;
    counts.arabicScript++;
    // پ چ ژ گ ک ی
    if (code === 0x067e || code === 0x0686 || code === 0x0698 || code === 0x06af || code === 0x06a9 || code === 0x06cc) counts.persian++;
    // ة ي ك ى
    else if (code === 0x0629 || code === 0x064a || code === 0x0643 || code === 0x0649) counts.arabic++;
  }
  return counts;
}

/**
 * The language whose function words clearly dominate the sample, or null when the sample is
 * thin, mixed or in a guard language: then franc decides.
 * `"Menteri itu mengatakan bahwa delegasi dari …"` → `'id'`.
 */
function guessFromFunctionWords(sample: string): string | null {
  // Only words of exactly one language separate languages; shared ones ("de", "la", "на") would blur the lead.
  const exclusive = new Array<number>(LANGUAGES.length).fill(0);
  let words = 0;
  scanWords(sample, (start, end) => {
    words++;
    const index = EXCLUSIVE_FUNCTION_WORDS.get(sample.slice(start, end).toLowerCase());
    if (index !== undefined) exclusive[index] = (exclusive[index] ?? 0) + 1;
  });
  let top = -1;
  let topHits = 0;
  let secondHits = 0;
  exclusive.forEach((n, k) => {
    if (n > topHits) {
      secondHits = topHits;
      topHits = n;
      top = k;
    } else if (n > secondHits) secondHits = n;
  });
  const code = LANGUAGES[top];
  if (code === undefined || GUARD_LANGUAGES.has(code)) return null;
  if (topHits < MIN_FUNCTION_WORDS || topHits < words * MIN_FUNCTION_WORD_SHARE || topHits < secondHits * MIN_LEAD_FACTOR) return null;
  return code;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

// @ts-check
// kabar review console: plain DOM, no framework, no build step.
// Article text is hostile: every value from the API reaches the page as a text node
// (h() below never sets innerHTML), and links are only built to this console or to http(s) URLs.
// Types: JSDoc, checked by `npm run typecheck` (tsconfig.json beside this file); the API's shapes
// below follow what ops/console/api.ts answers.

/** @typedef {string | number | Node | null | undefined | false | Child[]} Child  strings and numbers become text nodes */
/** @typedef {{ topics: string[], target: string, bucket: string }} Meta */
/** @typedef {{ spun: boolean, nearDuplicate: boolean, truncated: boolean, uncertainTopics: string[] }} FeedFlags */
/**
 * @typedef {{ id: string, status: string, title: string | null, displayTitle?: string | null, titleSource?: string | null,
 *   objectKey: string, publisher: string | null, language: string | null, publishedAt: string | null, ingestedAt: string,
 *   errorCode?: string | null, errorMessage: string | null, topics: string[], scores: Record<string, number>, flags: FeedFlags }} FeedItem
 */
/** @typedef {'ingested' | 'published'} DateOrder  the date a list is ordered and filtered by */
/** @typedef {{ items: FeedItem[], cursor: string | null, by: DateOrder }} FeedPage */
/** @typedef {{ kind: string, topic?: string, line?: string | null }} Correction */
/** @typedef {{ term: string, count: number }} Evidence */
/**
 * @typedef {{ id: string, status: string, title: string | null, objectKey: string, errorCode: string | null,
 *   errorMessage: string | null, publisher: string | null, language: string | null, languageConfidence: number | null,
 *   publishedAt: string | null, ingestedAt: string, dateline: string | null, authors: string[], sources: string[],
 *   people: string[], places: string[], wordCount: number, format: string | null, encoding: string | null, url: string | null,
 *   pipelineVersion: string, taxonomyVersion: string | null, models?: Record<string, string>, topics: string[],
 *   uncertainTopics: string[], scores?: Record<string, number>, evidence?: Record<string, Evidence[]>, spinScore: number | null,
 *   spinEvidence: string[], truncated: boolean, boilerplateRatio: number | null, duplicateOf: string | null,
 *   nearDuplicates: { id: string, similarity: number }[] }} Article
 */
/** @typedef {{ start: number, end: number, topic: string, term: string }} Mark  a match the classifier counted */
/** @typedef {{ text: string, removed: string | null, marks?: Mark[] }} ViewLine */
/** @typedef {{ key: string, createdAt: string, correction: Correction }} StoredCorrection */
/**
 * What the corrections say, applied to what kabar decided (the label an export would write).
 * @typedef {{ topics: string[], boilerplate?: string[], body_keep?: string[], title?: string | null }} Review
 */
/** @typedef {{ ingestedAt: string, status: string, errorCode?: string | null, topics: string[], versionId?: string | null, sequencer: string }} Version */
/**
 * @typedef {{ article: Article, view: { lines: ViewLine[], unplaced: { text: string, reason: string }[] }, versions: Version[],
 *   sameContent: (string | { id: string, similarity?: number })[], corrections: StoredCorrection[],
 *   topics: string[], titleMarks: Mark[], review: Review | null }} ArticleView
 */
/** @typedef {{ messageId: string, body: string, receiveCount: number, lastError: string | null }} DeadLetter */
/** @typedef {{ publisher: string, version: string | null, articles: number, acting: number, pins: number, through: string | null }} TemplateSummary */
/**
 * @typedef {{ key: string, kind: 'line' | 'shape' | 'label', text: string | null, articles: number, share: number, head: number,
 *   inside: number, tail: number, prose: number, lastSeen: number, varies: boolean, short: string | null, sentence: string | null,
 *   pinned?: 'junk' | 'keep', action: string }} TemplateLine
 */
/** @typedef {{ publisher: string | null, version: string, articles: number, through?: string, lines: TemplateLine[] }} TemplateView */
/**
 * @typedef {{ since: string, articles: number, rejected: number, perTopicPerDay: Record<string, Record<string, number>>,
 *   languages: Record<string, number>, rejectionCodes: Record<string, number> }} Stats
 */

const token = document.querySelector('meta[name="kabar-token"]')?.getAttribute('content') ?? '';
const app = /** @type {HTMLElement} */ (document.getElementById('app'));
const status = /** @type {HTMLElement} */ (document.getElementById('status'));
const POLL_MS = 4000;

/**
 * h('a', { href: '/x', class: 'y' }, 'text', child) → element; strings become text nodes.
 * @param {string} tag
 * @param {Record<string, unknown>} [attributes]
 * @param {...Child} children
 * @returns {HTMLElement}
 */
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), /** @type {EventListener} */ (value));
    else if (name === 'href') {
      const href = safeHref(String(value));
      if (href) element.setAttribute('href', href);
    } else if (name === 'style')
      element.style.cssText = String(value); // CSSOM: the CSP forbids style attributes
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

/**
 * @param {ParentNode} parent
 * @param {Child[]} children
 */
function append(parent, children) {
  // Read as unknown: flattening the recursive Child type is too deep for the checker.
  for (const child of /** @type {unknown[]} */ (children).flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/**
 * Console paths, or http(s) URLs; anything else (javascript:, data:, …) is no link at all.
 * @param {string} value
 * @returns {string | null}
 */
function safeHref(value) {
  if (value.startsWith('/') && !value.startsWith('//')) return value;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * GETs one of the console's API routes; the caller names the shape it expects.
 * @template T
 * @param {string} path
 * @returns {Promise<T>}
 */
async function api(path) {
  const response = await fetch(path, { credentials: 'same-origin' });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error ?? `${response.status}`);
  return body;
}

/**
 * @param {string} path
 * @param {unknown} body JSON, or a file as is (`contentType` other than JSON)
 * @param {string} [contentType]
 * @returns {Promise<any>} the route's JSON answer
 */
async function post(path, body, contentType = 'application/json') {
  const response = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': contentType, 'x-kabar-token': token },
    body: contentType === 'application/json' ? JSON.stringify(body) : /** @type {BodyInit} */ (body),
  });
  const result = await response.json();
  if (!response.ok) throw new Error(result.error ?? `${response.status}`);
  return result;
}

/** @param {string} message */
function announce(message) {
  status.textContent = '';
  // A fresh text node so screen readers announce the same message twice in a row.
  setTimeout(() => {
    status.textContent = message;
  }, 50);
}

/** @param {...Child} children */
function render(...children) {
  app.replaceChildren();
  append(app, children);
}

/** @param {string | null | undefined} iso */
function when(iso) {
  if (!iso) return '–';
  return iso.length > 10 ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : iso;
}

/** @param {unknown} value */
function score(value) {
  return typeof value === 'number' ? value.toFixed(2) : '–';
}

/** @param {unknown} error */
function errorBox(error) {
  return h('p', { class: 'error', role: 'alert' }, `Could not load: ${error instanceof Error ? error.message : String(error)}`);
}

// ---------------------------------------------------------------- Feed

/**
 * @param {URLSearchParams} params
 * @param {{ rejected?: boolean }} [options]
 */
async function feedPage(params, { rejected = false } = {}) {
  /** @type {Meta} */
  const meta = await api('/api/meta');
  // The date the list is ordered and filtered by: named on the filter, on every entry and above the list.
  /** @type {DateOrder} */
  const by = !rejected && (params.get('topic') || params.get('by') === 'published') ? 'published' : 'ingested';
  const dateWord = by === 'published' ? 'Published' : 'Ingested';
  const form = h(
    'form',
    { class: 'filters', method: 'get', action: rejected ? '/rejected' : '/' },
    rejected
      ? null
      : [
          field(
            'Topic',
            h(
              'select',
              { name: 'topic' },
              h('option', { value: '' }, 'any'),
              meta.topics.map((t) => h('option', { value: t, selected: params.get('topic') === t }, t)),
            ),
          ),
          field(
            'Status',
            h(
              'select',
              { name: 'status' },
              ['ok', 'rejected', 'deleted'].map((s) => h('option', { value: s, selected: (params.get('status') || 'ok') === s }, s)),
            ),
          ),
          field(
            'Dates',
            h(
              'select',
              { name: 'by', disabled: Boolean(params.get('topic')), title: params.get('topic') ? 'A topic list is by publication date' : null },
              h('option', { value: 'ingested', selected: by === 'ingested' }, 'ingested'),
              h('option', { value: 'published', selected: by === 'published' }, 'published'),
            ),
          ),
        ],
    field('Language', h('input', { name: 'language', value: params.get('language') ?? '', size: 5, placeholder: 'en' })),
    field('Publisher', h('input', { name: 'publisher', value: params.get('publisher') ?? '', size: 12 })),
    field(`${dateWord} from`, h('input', { name: 'since', type: 'date', value: params.get('since') ?? '' })),
    field(`${dateWord} to`, h('input', { name: 'until', type: 'date', value: params.get('until') ?? '' })),
    h('button', { type: 'submit' }, 'Filter'),
  );
  const list = h('ol', { class: 'feed', 'aria-label': rejected ? 'Rejected articles' : 'Articles' });
  const pager = h('p', { class: 'pager' });
  const order = h(
    'p',
    { class: 'hint order' },
    by === 'published'
      ? 'Newest first by publication date; undated articles by the date they were ingested (marked undated).'
      : 'Newest first by the date kabar ingested them.',
  );
  render(h('h1', {}, rejected ? 'Rejected articles' : 'Feed'), form, order, list, pager);

  const query = new URLSearchParams(params);
  const endpoint = rejected ? '/api/rejected' : '/api/feed';
  /** @type {string | null} the ids on show; null before the first page */
  let shown = null;
  const load = async () => {
    /** @type {FeedPage} */
    const page = await api(`${endpoint}?${query}`);
    const ids = page.items.map((item) => item.id).join();
    if (ids === shown) return;
    const fresh = shown === null ? 0 : page.items.filter((item) => !shown?.includes(item.id)).length;
    shown = ids;
    list.replaceChildren(
      ...(page.items.length ? page.items.map((item) => feedEntry(item, page.by)) : [h('li', { class: 'empty' }, emptyMessage(params, page.by))]),
    );
    pager.replaceChildren();
    if (params.get('cursor')) pager.append(h('a', { href: pathWith(params, { cursor: null }) }, '← Newest'), ' ');
    if (page.cursor) pager.append(h('a', { href: pathWith(params, { cursor: page.cursor }), rel: 'next' }, 'Older →'));
    if (fresh > 0) announce(`${fresh} new article${fresh > 1 ? 's' : ''}`);
  };
  await load();
  // The first page follows new articles as they land; older pages stay put.
  if (!params.get('cursor')) setInterval(() => load().catch(() => undefined), POLL_MS);
}

/**
 * @param {URLSearchParams} params
 * @param {Record<string, string | null>} changes
 */
function pathWith(params, changes) {
  const next = new URLSearchParams(params);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) next.delete(key);
    else next.set(key, value);
  }
  const query = next.toString();
  return `${location.pathname}${query ? `?${query}` : ''}`;
}

/**
 * @param {string} label
 * @param {Node} control
 */
function field(label, control) {
  return h('label', { class: 'field' }, h('span', {}, label), control);
}

/**
 * What an empty list says: that nothing matches, and by which date when dates were asked for.
 * @param {URLSearchParams} params
 * @param {DateOrder} by
 */
function emptyMessage(params, by) {
  const since = params.get('since');
  const until = params.get('until');
  if (!since && !until) return 'No articles match.';
  const range = since && until ? `from ${since} to ${until}` : since ? `from ${since} on` : `up to ${until}`;
  return `No articles match: none ${by === 'published' ? 'published' : 'ingested'} ${range}${by === 'ingested' && !params.get('topic') ? ' (to filter by publication date, pick Dates: published)' : ''}.`;
}

/**
 * The date an entry shows, named: the one the list is ordered by.
 * @param {FeedItem} item
 * @param {DateOrder} by
 */
function entryDate(item, by) {
  if (by === 'ingested') return ['ingested ', h('time', { datetime: item.ingestedAt }, when(item.ingestedAt))];
  if (item.publishedAt) return ['published ', h('time', { datetime: item.publishedAt }, when(item.publishedAt))];
  return [h('span', { class: 'flag' }, 'undated'), ' ingested ', h('time', { datetime: item.ingestedAt }, when(item.ingestedAt))];
}

/**
 * The entry's title: the headline, else the lead's first sentence shown as derived, else the object key.
 * @param {FeedItem} item
 */
function entryTitle(item) {
  const href = `/article/${item.id}`;
  if (item.title) return h('a', { class: 'title', href }, item.title);
  if (item.displayTitle)
    return h('a', { class: 'title derived', href }, item.displayTitle, h('span', { class: 'derived-note' }, ' (no headline: from the lead)'));
  return h('a', { class: 'title derived', href }, item.objectKey);
}

/**
 * @param {FeedItem} item
 * @param {DateOrder} by
 */
function feedEntry(item, by) {
  const flags = [];
  if (item.flags.spun) flags.push(h('span', { class: 'flag warn' }, 'spun copy'));
  if (item.flags.nearDuplicate) flags.push(h('span', { class: 'flag' }, 'near-duplicate'));
  if (item.flags.truncated) flags.push(h('span', { class: 'flag' }, 'truncated'));
  for (const topic of item.flags.uncertainTopics) flags.push(h('span', { class: 'flag warn' }, `uncertain: ${topic}`));
  return h(
    'li',
    { class: `entry status-${item.status}`, 'data-id': item.id },
    entryTitle(item),
    h(
      'p',
      { class: 'meta' },
      h('span', {}, item.publisher ?? '–'),
      ' · ',
      h('span', { lang: 'en' }, item.language ?? '–'),
      ' · ',
      entryDate(item, by),
      item.status === 'rejected' ? [' · ', h('span', { class: 'code' }, item.errorCode ?? 'rejected')] : null,
    ),
    item.status === 'rejected' && item.errorMessage ? h('p', { class: 'error-message' }, item.errorMessage) : null,
    item.topics.length || flags.length
      ? h(
          'p',
          { class: 'chips' },
          item.topics.map((topic) => h('span', { class: 'topic' }, `${topic} ${score(item.scores[topic])}`)),
          flags,
        )
      : null,
  );
}

// ---------------------------------------------------------------- Article

/** @param {string} id */
async function articlePage(id) {
  /** @type {ArticleView} */
  const data = await api(`/api/articles/${id}`);
  const a = data.article;
  // What the reviewers' corrections say, applied to what kabar decided (null before the first one).
  const review = data.review;
  /**
   * @param {Correction} correction
   * @param {string} message
   */
  const correct = async (correction, message) => {
    try {
      await post(`/api/articles/${id}/corrections`, correction);
      await articlePage(id);
      announce(message);
    } catch (error) {
      announce(`Not saved: ${/** @type {Error} */ (error).message}`);
    }
  };
  /**
   * @param {StoredCorrection} stored
   * @param {string} message
   */
  const undo = async (stored, message) => {
    try {
      await post(`/api/articles/${id}/corrections/undo`, { key: stored.key });
      await articlePage(id);
      announce(message);
    } catch (error) {
      announce(`Not undone: ${/** @type {Error} */ (error).message}`);
    }
  };
  /**
   * The latest correction of this kind about this line or topic: the one an Undo takes back.
   * @param {string} kind
   * @param {string} about
   */
  const latest = (kind, about) =>
    [...data.corrections].reverse().find((c) => c.correction.kind === kind && (c.correction.line ?? c.correction.topic) === about);
  /**
   * @param {StoredCorrection | undefined} stored
   * @param {string} label
   * @param {string} message
   */
  const undoButton = (stored, label, message) =>
    stored ? h('button', { type: 'button', class: 'small', 'aria-label': label, onclick: () => undo(stored, message) }, 'Undo') : null;
  const junk = new Set(review?.boilerplate ?? []);
  const content = new Set(review?.body_keep ?? []);

  const lines = data.view.lines.map((line, index) => {
    const n = index + 1;
    const trimmed = line.text.trim();
    const title = h(
      'button',
      {
        type: 'button',
        class: 'small',
        'aria-label': `Line ${n} is the title`,
        onclick: () => correct({ kind: 'title', line: line.text }, 'Title correction saved'),
      },
      'Title',
    );
    if (line.removed && content.has(trimmed)) {
      return h(
        'li',
        { class: 'kept reviewed' },
        h('span', { class: 'text' }, highlight(line.text, line.marks)),
        ' ',
        h('span', { class: 'reason' }, `marked content (cleaning said ${line.removed})`),
        h('span', { class: 'actions' }, undoButton(latest('removed-is-content', line.text), `Undo: line ${n} is content`, 'Marked as removed again'), title),
      );
    }
    if (line.removed) {
      return h(
        'li',
        { class: 'removed' },
        // The line cleaning took as the title carries the title's matches.
        h('del', {}, highlight(line.text, line.marks)),
        ' ',
        h('span', { class: 'reason' }, line.removed),
        h(
          'span',
          { class: 'actions' },
          h(
            'button',
            {
              type: 'button',
              class: 'small',
              'aria-label': `Line ${n} is content`,
              onclick: () =>
                correct(
                  { kind: 'removed-is-content', line: line.text },
                  line.removed?.startsWith('publisher-template:')
                    ? `Marked as content; the template of ${a.publisher} keeps it from now on`
                    : 'Marked as content',
                ),
            },
            'Content',
          ),
          title,
        ),
      );
    }
    if (junk.has(trimmed)) {
      return h(
        'li',
        { class: 'removed reviewed' },
        h('del', {}, line.text),
        ' ',
        h('span', { class: 'reason' }, 'marked junk'),
        h('span', { class: 'actions' }, undoButton(latest('kept-is-junk', line.text), `Undo: line ${n} is junk`, 'Kept again'), title),
      );
    }
    return h(
      'li',
      { class: 'kept' },
      h('span', { class: 'text' }, highlight(line.text, line.marks)),
      h(
        'span',
        { class: 'actions' },
        h(
          'button',
          {
            type: 'button',
            class: 'small',
            'aria-label': `Line ${n} is junk`,
            onclick: () => correct({ kind: 'kept-is-junk', line: line.text }, 'Marked as junk'),
          },
          'Junk',
        ),
        title,
      ),
    );
  });

  const topics = data.topics.map((topic) => {
    const value = a.scores?.[topic] ?? 0;
    const assigned = a.topics.includes(topic);
    // A reviewer's verdict, when there is one, is what the row says now; kabar's score stays beside it.
    const reviewed = review ? review.topics.includes(topic) : assigned;
    const corrected = reviewed !== assigned;
    const uncertain = a.uncertainTopics.includes(topic);
    const evidence = (a.evidence?.[topic] ?? []).map((e) => `${e.term} ×${e.count}`).join(', ');
    return h(
      'li',
      { class: `topic-row${reviewed ? ' assigned' : ''}${corrected ? ' corrected' : ''}` },
      h(
        'span',
        { class: 'topic-name' },
        topic,
        reviewed ? ' ✓' : '',
        uncertain && !corrected ? h('span', { class: 'flag warn' }, 'uncertain') : null,
        corrected ? h('span', { class: 'flag' }, reviewed ? 'reviewer: is' : 'reviewer: not') : null,
      ),
      h(
        'span',
        { class: 'bar', role: 'img', 'aria-label': `${topic} score ${score(value)}` },
        h('span', { class: 'fill', style: `width:${Math.round(value * 100)}%` }),
      ),
      h('span', { class: 'score' }, score(value)),
      corrected
        ? undoButton(latest(reviewed ? 'topic-missing' : 'topic-wrong', topic), `Undo the ${topic} correction`, `${topic}: correction undone`)
        : h(
            'button',
            {
              type: 'button',
              class: 'small',
              onclick: () => correct({ kind: reviewed ? 'topic-wrong' : 'topic-missing', topic }, `${topic} marked ${reviewed ? 'wrong' : 'missing'}`),
            },
            reviewed ? `Not ${topic}` : `Is ${topic}`,
          ),
      evidence ? h('span', { class: 'evidence' }, `evidence: ${evidence}`) : null,
    );
  });

  // The headline: a reviewer's pick when there is one ("no title" included), kabar's otherwise.
  const titleCorrection = [...data.corrections].reverse().find((c) => c.correction.kind === 'title');
  const reviewedTitle = review && review.title !== undefined;
  const shownTitle = review && review.title !== undefined ? review.title : a.title;
  const heading = [
    h('h1', { class: 'article-title' }, shownTitle === null ? '(no title)' : reviewedTitle ? shownTitle : highlight(shownTitle, data.titleMarks)),
    reviewedTitle
      ? h(
          'p',
          { class: 'hint' },
          `Title set by a reviewer (kabar: ${a.title === null ? 'no title' : `“${a.title}”`}) `,
          undoButton(titleCorrection, 'Undo the title correction', 'Title correction undone'),
        )
      : a.status === 'ok'
        ? h(
            'p',
            { class: 'hint' },
            h(
              'button',
              { type: 'button', class: 'small', onclick: () => correct({ kind: 'title', line: null }, 'Marked: the text has no title') },
              'This text has no title',
            ),
          )
        : null,
  ];

  /** @param {(string | { id: string, similarity?: number })[]} ids */
  const links = (ids) =>
    ids.map((other) =>
      h(
        'li',
        {},
        h('a', { href: `/article/${typeof other === 'string' ? other : other.id}` }, typeof other === 'string' ? other : other.id),
        typeof other !== 'string' && other.similarity !== undefined ? ` similarity ${score(other.similarity)}` : '',
      ),
    );

  render(
    h('p', { class: 'crumbs' }, h('a', { href: '/' }, '← Feed')),
    heading,
    a.status !== 'ok'
      ? h('p', { class: `banner status-${a.status}` }, a.status, a.errorCode ? `: ${a.errorCode}` : '', a.errorMessage ? ` — ${a.errorMessage}` : '')
      : null,
    h(
      'dl',
      { class: 'facts' },
      fact(
        'Publisher',
        a.publisher ? h('span', {}, a.publisher, ' ', h('a', { href: `/templates?${new URLSearchParams({ publisher: a.publisher })}` }, 'its template')) : null,
      ),
      fact('Language', a.language ? `${a.language}${a.languageConfidence !== null ? ` (${score(a.languageConfidence)})` : ''}` : null),
      fact('Published', a.publishedAt),
      fact('Ingested', when(a.ingestedAt)),
      fact('Dateline', a.dateline),
      fact('Authors', a.authors.join(', ')),
      fact('Sources', a.sources.join(', ')),
      fact('People', a.people.join(', ')),
      fact('Places', a.places.join(', ')),
      fact('Words', a.wordCount),
      fact('Format', [a.format, a.encoding].filter(Boolean).join(', ')),
      fact('URL', a.url ? (safeHref(a.url) ? h('a', { href: a.url, rel: 'noopener noreferrer', target: '_blank' }, a.url) : a.url) : null),
      fact('Object', h('span', {}, a.objectKey, ' ', h('a', { href: `/raw/${a.id}`, target: '_blank', rel: 'noopener' }, 'raw object'))),
      fact('Pipeline', `${a.pipelineVersion} · taxonomy ${a.taxonomyVersion ?? '–'}`),
      // Records before schemaVersion 3 do not name their models.
      fact(
        'Models',
        Object.entries(a.models ?? {})
          .map(([role, version]) => `${role} ${version}`)
          .join(' · ') || null,
      ),
    ),
    h('section', { 'aria-labelledby': 'h-topics' }, h('h2', { id: 'h-topics' }, 'Topics'), h('ul', { class: 'topics' }, topics)),
    h(
      'section',
      { 'aria-labelledby': 'h-spin' },
      h('h2', { id: 'h-spin' }, 'Spin'),
      h(
        'p',
        {},
        `Spin score ${score(a.spinScore)}`,
        a.truncated ? ' · truncated' : '',
        a.boilerplateRatio !== null ? ` · boilerplate ratio ${score(a.boilerplateRatio)}` : '',
      ),
      a.spinEvidence.length
        ? h(
            'ul',
            { class: 'spin' },
            a.spinEvidence.map((e) => h('li', {}, e)),
          )
        : null,
    ),
    h(
      'section',
      { 'aria-labelledby': 'h-body' },
      h('h2', { id: 'h-body' }, 'Body'),
      h(
        'p',
        { class: 'hint' },
        'Struck-through lines were removed by cleaning, with the reason; dashed ones are a reviewer’s corrections. Highlighted words are the topic evidence the classifier counted.',
      ),
      h('ol', { class: 'lines' }, lines),
      data.view.unplaced.length
        ? [
            h('h3', {}, 'Also removed'),
            h(
              'ul',
              { class: 'lines' },
              // An HTML page's removed blocks: a reviewer can say one is content (the block model learns it).
              data.view.unplaced.map((r, index) =>
                content.has(r.text.trim())
                  ? h(
                      'li',
                      { class: 'kept reviewed' },
                      h('span', { class: 'text' }, r.text),
                      ' ',
                      h('span', { class: 'reason' }, `marked content (${r.reason})`),
                      h(
                        'span',
                        { class: 'actions' },
                        undoButton(latest('removed-is-content', r.text), `Undo: removed text ${index + 1} is content`, 'Marked as removed again'),
                      ),
                    )
                  : h(
                      'li',
                      { class: 'removed' },
                      h('del', {}, r.text),
                      ' ',
                      h('span', { class: 'reason' }, r.reason),
                      h(
                        'span',
                        { class: 'actions' },
                        h(
                          'button',
                          {
                            type: 'button',
                            class: 'small',
                            'aria-label': `Removed text ${index + 1} is content`,
                            onclick: () => correct({ kind: 'removed-is-content', line: r.text }, 'Marked as content'),
                          },
                          'Content',
                        ),
                      ),
                    ),
              ),
            ),
          ]
        : null,
    ),
    h(
      'section',
      { 'aria-labelledby': 'h-corrections' },
      h('h2', { id: 'h-corrections' }, 'Corrections'),
      h(
        'ul',
        { id: 'corrections', tabindex: '-1', class: 'corrections' },
        data.corrections.length
          ? data.corrections.map((c) =>
              h(
                'li',
                {},
                h('time', {}, when(c.createdAt)),
                ' ',
                describe(c.correction),
                ' ',
                undoButton(c, `Undo: ${describe(c.correction)}`, 'Correction undone'),
              ),
            )
          : h('li', { class: 'empty' }, 'None yet.'),
      ),
    ),
    h(
      'section',
      { 'aria-labelledby': 'h-copies' },
      h('h2', { id: 'h-copies' }, 'Copies'),
      a.duplicateOf ? h('p', {}, 'Exact copy of ', h('a', { href: `/article/${a.duplicateOf}` }, a.duplicateOf)) : null,
      data.sameContent.length ? [h('h3', {}, 'Same content'), h('ul', {}, links(data.sameContent))] : null,
      a.nearDuplicates.length ? [h('h3', {}, 'Near-duplicates'), h('ul', {}, links(a.nearDuplicates))] : null,
      !a.duplicateOf && !data.sameContent.length && !a.nearDuplicates.length ? h('p', {}, 'None found.') : null,
    ),
    h(
      'section',
      { 'aria-labelledby': 'h-versions' },
      h('h2', { id: 'h-versions' }, 'Versions'),
      h(
        'table',
        { class: 'versions' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['Ingested', 'Status', 'Topics', 'Version'].map((c) => h('th', { scope: 'col' }, c)),
          ),
        ),
        h(
          'tbody',
          {},
          data.versions.map((v) =>
            h(
              'tr',
              {},
              h('td', {}, when(v.ingestedAt)),
              h('td', {}, v.status, v.errorCode ? ` ${v.errorCode}` : ''),
              h('td', {}, v.topics.length ? v.topics.map((topic, i) => [i ? ', ' : '', h('span', { class: 'nowrap' }, topic)]) : '–'),
              h('td', { class: 'mono' }, v.versionId ?? v.sequencer),
            ),
          ),
        ),
      ),
    ),
  );
  document.title = `${a.title ?? a.objectKey} · kabar`;
  fitSmallScreens(a);
}

/**
 * The article page on a phone: the metadata list folds under a one-line summary (open it to read
 * all; it starts open on wider screens), and the versions table scrolls sideways instead of
 * squeezing words apart.
 * @param {Article} a
 */
function fitSmallScreens(a) {
  const facts = app.querySelector('dl.facts');
  if (!facts) return;
  const gist = [a.publisher, a.language, a.publishedAt ? `published ${a.publishedAt}` : 'undated', a.wordCount ? `${a.wordCount} words` : null];
  const fold = h(
    'details',
    { class: 'facts-fold', open: window.matchMedia('(min-width: 40rem)').matches },
    h('summary', {}, h('span', { class: 'summary-label' }, 'Details'), ' ', h('span', { class: 'gist' }, gist.filter(Boolean).join(' · '))),
  );
  facts.replaceWith(fold);
  fold.append(facts);
  for (const table of app.querySelectorAll('table.versions')) {
    const scroll = h('div', { class: 'table-scroll' });
    table.replaceWith(scroll);
    scroll.append(table);
  }
}

/**
 * @param {string} label
 * @param {Child} value
 */
function fact(label, value) {
  if (value === null || value === undefined || value === '') return null;
  return [h('dt', {}, label), h('dd', {}, value)];
}

/** @param {Correction} correction */
function describe(correction) {
  switch (correction.kind) {
    case 'topic-wrong':
      return `Topic ${correction.topic} is wrong`;
    case 'topic-missing':
      return `Topic ${correction.topic} is missing`;
    case 'removed-is-content':
      return `Removed line is content: “${correction.line}”`;
    case 'kept-is-junk':
      return `Kept line is junk: “${correction.line}”`;
    case 'title':
      return correction.line === null ? 'The text has no title line' : `Title is: “${correction.line}”`;
    default:
      return JSON.stringify(correction);
  }
}

/**
 * Text with the classifier's own matches wrapped in <mark> (offsets from the server: every counted
 * match, inflected or translated, and nothing else), built from text nodes only.
 * @param {string} text
 * @param {Mark[] | undefined} marks
 * @returns {Child}
 */
function highlight(text, marks) {
  if (!marks?.length) return text;
  /** @type {Child[]} */
  const parts = [];
  let last = 0;
  for (const mark of [...marks].sort((x, y) => x.start - y.start)) {
    if (mark.start < last) continue;
    parts.push(text.slice(last, mark.start), h('mark', { title: `${mark.topic}: ${mark.term}` }, text.slice(mark.start, mark.end)));
    last = mark.end;
  }
  parts.push(text.slice(last));
  return parts;
}

// ---------------------------------------------------------------- Dead letters

async function deadLettersPage() {
  /** @type {{ items: DeadLetter[] }} */
  const { items } = await api('/api/dead-letters');
  /** @param {string[] | undefined} ids */
  const redrive = async (ids) => {
    const what = ids ? `dead letter ${ids[0]}` : `all ${items.length} dead letters`;
    if (!window.confirm(`Move ${what} back to the ingest queue?`)) return;
    try {
      const result = await post('/api/dead-letters/redrive', { ids });
      announce(result.message);
      await deadLettersPage();
      app.prepend(h('p', { class: 'notice', role: 'status' }, result.message));
    } catch (error) {
      announce(`Redrive failed: ${/** @type {Error} */ (error).message}`);
    }
  };
  render(
    h('h1', {}, 'Dead letters'),
    h('p', {}, 'Messages the ingest handler failed on repeatedly. Redrive moves them back to the queue.'),
    items.length ? h('button', { type: 'button', onclick: () => redrive(undefined) }, 'Redrive all') : null,
    h(
      'ol',
      { class: 'feed' },
      items.length
        ? items.map((letter) =>
            h(
              'li',
              { class: 'entry' },
              h('p', { class: 'mono' }, letter.messageId),
              h('p', { class: 'meta' }, `received ${letter.receiveCount}×`, letter.lastError ? ` · ${letter.lastError}` : ''),
              h('pre', { class: 'body' }, letter.body.slice(0, 2000)),
              h('button', { type: 'button', class: 'small', onclick: () => redrive([letter.messageId]) }, 'Redrive'),
            ),
          )
        : h('li', { class: 'empty' }, 'No dead letters.'),
    ),
  );
}

// ---------------------------------------------------------------- Upload

function uploadPage() {
  const files = /** @type {HTMLInputElement} */ (h('input', { type: 'file', name: 'files', id: 'files', multiple: true, required: true }));
  const publisher = /** @type {HTMLInputElement} */ (
    h('input', { name: 'publisher', id: 'publisher', required: true, pattern: '[A-Za-z0-9][A-Za-z0-9._\\-]{0,63}', autocomplete: 'off' })
  );
  const results = h('ul', { class: 'uploads', 'aria-live': 'polite' });
  const drop = h('div', { class: 'drop' }, 'Drop files here, or pick them above.');
  /** @type {File[]} */
  let dropped = [];
  drop.addEventListener('dragover', (event) => {
    event.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (event) => {
    event.preventDefault();
    drop.classList.remove('over');
    dropped = [...(event.dataTransfer?.files ?? [])];
    files.required = dropped.length === 0;
    drop.textContent = `${dropped.length} file(s) ready: ${dropped.map((f) => f.name).join(', ')}`;
  });
  const form = h(
    'form',
    {
      class: 'upload',
      /** @param {SubmitEvent} event */
      onsubmit: async (event) => {
        event.preventDefault();
        for (const file of [.../** @type {FileList} */ (files.files), ...dropped]) {
          const row = h('li', {}, `${file.name}: uploading…`);
          results.append(row);
          try {
            const query = new URLSearchParams({ publisher: publisher.value, name: file.name });
            const result = await post(`/api/upload?${query}`, file, 'application/octet-stream');
            row.replaceChildren(h('span', { class: 'mono' }, result.key), ': uploaded, processing… ');
            watchArticle(result.id, row);
          } catch (error) {
            row.replaceChildren(`${file.name}: ${/** @type {Error} */ (error).message}`);
          }
        }
        dropped = [];
      },
    },
    field('Publisher', publisher),
    field('Files', files),
    drop,
    h('button', { type: 'submit' }, 'Upload'),
  );
  render(h('h1', {}, 'Upload'), h('p', {}, 'Files are stored under incoming/<publisher>/ and ingested like any publisher upload.'), form, results);
}

/**
 * Waits for the upload's record and links it.
 * @param {string} id
 * @param {HTMLElement} row
 */
async function watchArticle(id, row) {
  for (let attempt = 0; attempt < 60; attempt++) {
    /** @type {{ processed: boolean, status?: string, title?: string | null }} */
    const state = await api(`/api/uploads/${id}`).catch(() => ({ processed: false }));
    if (state.processed) {
      row.append(h('a', { href: `/article/${id}` }, `${state.status}: ${state.title ?? '(no title)'}`));
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  row.append('not processed yet; see the feed.');
}

// ---------------------------------------------------------------- Stats

async function statsPage() {
  /** @type {Stats} */
  const data = await api('/api/stats');
  /** @type {string[]} */
  const days = [];
  for (let t = Date.parse(`${data.since}T00:00:00Z`); t <= Date.now(); t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  render(
    h('h1', {}, 'Stats'),
    h('p', {}, `Since ${data.since}: ${data.articles} articles, ${data.rejected} rejected.`),
    h('h2', {}, 'Articles per topic per day'),
    h(
      'div',
      { class: 'charts' },
      Object.entries(data.perTopicPerDay)
        .sort()
        .map(([topic, perDay]) =>
          columnChart(
            topic,
            days.map((d) => /** @type {[string, number]} */ ([d, perDay[d] ?? 0])),
          ),
        ),
    ),
    h('div', { class: 'charts' }, barChart('Languages', Object.entries(data.languages)), barChart('Rejection codes', Object.entries(data.rejectionCodes))),
  );
}

const SVG = 'http://www.w3.org/2000/svg';
/**
 * An SVG element, its text (if any) as a text node.
 * @param {string} tag
 * @param {Record<string, string | number>} [attributes]
 * @param {string | number} [text]
 */
function s(tag, attributes = {}, text) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = String(text);
  return element;
}

/**
 * @param {string} title
 * @param {[day: string, count: number][]} series
 */
function columnChart(title, series) {
  const max = Math.max(1, ...series.map(([, v]) => v));
  const width = 300;
  const height = 80;
  const step = width / series.length;
  const svg = s('svg', {
    viewBox: `0 0 ${width} ${height + 14}`,
    role: 'img',
    'aria-label': `${title}: ${series.reduce((n, [, v]) => n + v, 0)} articles over ${series.length} days`,
  });
  series.forEach(([day, value], i) => {
    const barHeight = (value / max) * height;
    const bar = s('rect', { x: i * step + 0.5, y: height - barHeight, width: Math.max(step - 1, 1), height: barHeight, class: 'col' });
    bar.append(s('title', {}, `${day}: ${value}`));
    svg.append(bar);
  });
  svg.append(
    s('text', { x: 0, y: height + 12, class: 'axis' }, series[0]?.[0] ?? ''),
    s('text', { x: width, y: height + 12, class: 'axis', 'text-anchor': 'end' }, series.at(-1)?.[0] ?? ''),
  );
  return h('figure', { class: 'chart' }, h('figcaption', {}, `${title} (max ${max}/day)`), svg);
}

/**
 * @param {string} title
 * @param {[label: string, count: number][]} entries
 */
function barChart(title, entries) {
  const rows = entries.sort((x, y) => y[1] - x[1]).slice(0, 12);
  const max = Math.max(1, ...rows.map(([, v]) => v));
  const row = 18;
  const svg = s('svg', {
    viewBox: `0 0 300 ${Math.max(rows.length, 1) * row}`,
    role: 'img',
    'aria-label': `${title}: ${rows.map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`,
  });
  rows.forEach(([label, value], i) => {
    svg.append(
      s('text', { x: 0, y: i * row + 13, class: 'label' }, label.slice(0, 18)),
      s('rect', { x: 120, y: i * row + 3, width: (value / max) * 150, height: row - 6, class: 'col' }),
      s('text', { x: 124 + (value / max) * 150, y: i * row + 13, class: 'label' }, value),
    );
  });
  return h('figure', { class: 'chart' }, h('figcaption', {}, title), rows.length ? svg : h('p', {}, 'None.'));
}

// ---------------------------------------------------------------- Publisher templates

async function templatesPage() {
  /** @type {{ items: TemplateSummary[] }} */
  const { items } = await api('/api/templates');
  render(
    h('h1', {}, 'Publisher templates'),
    h(
      'p',
      {},
      'The lines each publisher repeats from one article to the next (masthead, menus, its own promos, legal notices), learned from its own articles and removed from its next ones. Open a publisher to see its lines and pin them.',
    ),
    items.length
      ? h(
          'table',
          { class: 'templates' },
          h(
            'thead',
            {},
            h('tr', {}, h('th', {}, 'Publisher'), h('th', {}, 'Version'), h('th', {}, 'Articles'), h('th', {}, 'Lines removed'), h('th', {}, 'Pins')),
          ),
          h(
            'tbody',
            {},
            items.map((t) =>
              h(
                'tr',
                {},
                h('td', {}, h('a', { href: `/templates?${new URLSearchParams({ publisher: t.publisher })}` }, t.publisher)),
                h('td', { class: 'mono' }, t.version ?? 'not learned yet'),
                h('td', {}, t.articles),
                h('td', {}, t.acting),
                h('td', {}, t.pins),
              ),
            ),
          ),
        )
      : h('p', { class: 'empty' }, 'No publisher has uploaded articles yet (a publisher is the folder under incoming/).'),
  );
}

/** @param {string} publisher */
async function templatePage(publisher) {
  /** @type {TemplateView} */
  const template = await api(`/api/template?${new URLSearchParams({ publisher })}`);
  /**
   * @param {TemplateLine} line
   * @param {'junk' | 'keep' | null} pinned
   */
  const pin = async (line, pinned) => {
    try {
      const outcome = await post(`/api/template/pins?${new URLSearchParams({ publisher })}`, { key: line.key, kind: line.kind, pinned });
      const message = `${pinned === null ? 'Unpinned' : pinned === 'junk' ? 'Pinned as always removed' : 'Pinned as never removed'}; template ${outcome.version ?? ''}`;
      await templatePage(publisher);
      app.prepend(h('p', { class: 'notice', role: 'status' }, message));
      announce(message);
    } catch (error) {
      announce(`Pin failed: ${/** @type {Error} */ (error).message}`);
    }
  };
  /** @param {TemplateLine} line */
  const actions = (line) =>
    h(
      'td',
      { class: 'actions' },
      line.pinned !== 'junk' ? h('button', { type: 'button', class: 'small', onclick: () => pin(line, 'junk') }, 'Always remove') : null,
      line.pinned !== 'keep' ? h('button', { type: 'button', class: 'small', onclick: () => pin(line, 'keep') }, 'Never remove') : null,
      line.pinned ? h('button', { type: 'button', class: 'small', onclick: () => pin(line, null) }, 'Unpin') : null,
    );
  render(
    h('p', {}, h('a', { href: '/templates' }, '← All templates')),
    h('h1', {}, `Template of ${publisher}`),
    h(
      'p',
      { class: 'meta' },
      `version ${template.version} · learned from ${template.articles} articles`,
      template.through ? ` · through batch ${template.through}` : '',
      ' · removals carry the reason ',
      h('span', { class: 'mono' }, `publisher-template:${template.version}`),
    ),
    h(
      'table',
      { class: 'template-lines' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, 'Line'),
          h('th', {}, 'Matched by'),
          h('th', { title: 'articles holding it (share, weighted towards the newest)' }, 'Seen in'),
          h('th', { title: 'sightings before, inside and after the story' }, 'Where'),
          h('th', {}, 'What the template does'),
          h('th', {}, 'Pin'),
        ),
      ),
      h(
        'tbody',
        {},
        template.lines.length
          ? template.lines.map((line) =>
              h(
                'tr',
                { 'data-key': `${line.kind}:${line.key}`, class: line.pinned ? `pinned ${line.pinned}` : undefined },
                h('td', {}, line.text ?? h('span', { class: 'mono', title: 'only its key was stored: a sentence of an article' }, `#${line.key}`)),
                h('td', {}, line.kind === 'line' ? 'the line' : line.kind === 'shape' ? 'its shape' : 'its label'),
                h('td', {}, `${line.articles} (${Math.round(line.share * 100)}%)`, line.lastSeen > 0 ? ` · last ${line.lastSeen} ago` : ''),
                h('td', {}, `${line.head} before · ${line.inside} inside · ${line.tail} after`),
                h('td', {}, line.action),
                actions(line),
              ),
            )
          : h('tr', {}, h('td', { colspan: 6, class: 'empty' }, 'No recurring lines yet.')),
      ),
    ),
  );
}

// ---------------------------------------------------------------- Routing

async function route() {
  const path = location.pathname;
  const params = new URLSearchParams(location.search);
  for (const link of document.querySelectorAll('nav a')) {
    const active = link.getAttribute('href') === path || (path.startsWith('/article/') && link.getAttribute('href') === '/');
    if (active) link.setAttribute('aria-current', 'page');
  }
  const article = /^\/article\/([0-9a-f]{16})$/.exec(path);
  try {
    if (article) await articlePage(article[1]);
    else if (path === '/rejected') await feedPage(params, { rejected: true });
    else if (path === '/dead-letters') await deadLettersPage();
    else if (path === '/upload') uploadPage();
    else if (path === '/stats') await statsPage();
    else if (path === '/templates') await (params.get('publisher') ? templatePage(params.get('publisher') ?? '') : templatesPage());
    else await feedPage(params);
  } catch (error) {
    render(errorBox(error));
  }
  document.body.dataset.ready = 'true';
}

route();

import { Api, ApiError, call, originalUrl, thumbUrl } from './api.js';
import { h, label } from './dom.js';
import { announce, state } from './state.js';

/** @type {HTMLDialogElement | null} */
let current = null;

/**
 * Opens an item: its `large` thumbnail, the original on demand, and its details (title,
 * description, date, rating, EXIF, tags, comments), editable where the user may. A part whose
 * API this server does not answer is left out rather than shown broken.
 * @param {any} item
 * @param {{canEdit: boolean, password?: string, neighbour: (step: number) => any, onChange: () => void}} options
 */
export function openViewer(item, options) {
  current?.close();
  const img = h('img', { class: 'large', alt: label(item), src: thumbUrl(item.id, 'large', item.additional?.thumb_size?.sig, options.password) });
  img.addEventListener('error', () => img.classList.add('broken'), { once: true });
  const stage = h('div', { class: 'stage' }, img);
  const showOriginal = h('button', {
    type: 'button',
    text: 'Show original',
    onclick: () => {
      if (item.type === 'video') stage.replaceChildren(h('video', { controls: true, src: originalUrl(item, false, options.password) }));
      else img.setAttribute('src', originalUrl(item, false, options.password));
    },
  });
  const download = h('a', { href: originalUrl(item, true, options.password), class: 'button', download: item.info?.name ?? '', text: 'Download' });
  const step = (s) => {
    const next = options.neighbour(s);
    if (next) openViewer(next.item, { ...options, neighbour: next.neighbour });
  };
  const prev = h('button', { type: 'button', 'aria-label': 'Previous', text: '‹', onclick: () => step(-1) });
  const nextButton = h('button', { type: 'button', 'aria-label': 'Next', text: '›', onclick: () => step(1) });
  const closeButton = h('button', { type: 'button', class: 'quiet', text: 'Close', onclick: () => dialog.close() });
  const details = h('div', { class: 'details' });
  const dialog = /** @type {HTMLDialogElement} */ (
    h(
      'dialog',
      { class: 'viewer', 'aria-label': label(item) },
      h('div', { class: 'viewer-bar' }, prev, nextButton, h('span', { class: 'viewer-title', text: label(item) }), showOriginal, download, closeButton),
      h('div', { class: 'viewer-body' }, stage, details),
    )
  );
  dialog.addEventListener('keydown', (e) => {
    if (e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement) return;
    if (e.key === 'ArrowLeft') step(-1);
    if (e.key === 'ArrowRight') step(1);
  });
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (current === dialog) current = null;
  });
  document.body.append(dialog);
  current = dialog;
  dialog.showModal();
  void fillDetails(details, item, options);
}

async function fillDetails(details, item, options) {
  let info = item.info;
  try {
    const got = await call(Api.Photo, 'getinfo', { id: item.id });
    info = (Array.isArray(got) ? got[0] : got?.items?.[0])?.info ?? info;
  } catch (e) {
    // Photo.getinfo takes no album password: in a password album the listing's facts do.
    if (options.password === undefined) announce(e);
  }
  const dl = h(
    'dl',
    { class: 'facts' },
    h('dt', { text: 'File' }),
    h('dd', { text: info.name }),
    h('dt', { text: 'Taken' }),
    h('dd', { text: info.takendate || '—' }),
    h('dt', { text: 'Size' }),
    h('dd', { text: `${info.resolutionx ?? '?'} × ${info.resolutiony ?? '?'}, ${formatBytes(info.size)}` }),
  );
  details.append(h('section', {}, h('h2', { text: 'Details' }), dl));
  details.append(editForm(item, info, options));
  // These come from other parts of the API (EXIF, tags, comments); a server without them answers
  // an error and the section stays out.
  void section(
    details,
    'EXIF',
    () => call(Api.Photo, 'getexif', { id: item.id }),
    (data) => {
      const rows = (data.exifs ?? []).flatMap((x) => [h('dt', { text: x.label }), h('dd', { text: String(x.value) })]);
      return rows.length ? h('dl', { class: 'facts' }, rows) : h('p', { class: 'muted', text: 'No EXIF data' });
    },
  );
  void section(
    details,
    'Tags',
    () => call(Api.PhotoTag, 'list', { id: item.id, type: 'people,geo,desc' }),
    (data) => tagList(item, data, options),
  );
  void section(
    details,
    'Comments',
    () => call(Api.Comment, 'list', { id: item.id, password: options.password }),
    (data) => comments(item, data),
  );
}

async function section(details, title, load, render) {
  const box = h('section', { 'aria-label': title }, h('h2', { text: title }));
  details.append(box);
  try {
    box.append(render(await load()));
  } catch {
    box.remove();
  }
}

function editForm(item, info, options) {
  const title = /** @type {HTMLInputElement} */ (h('input', { name: 'title', value: info.title ?? '', maxlength: '4096' }));
  const description = /** @type {HTMLTextAreaElement} */ (h('textarea', { name: 'description', rows: '3' }));
  description.value = info.description ?? '';
  const rating = /** @type {HTMLSelectElement} */ (
    h(
      'select',
      { name: 'rating' },
      [0, 1, 2, 3, 4, 5].map((n) => h('option', { value: String(n), text: n ? '★'.repeat(n) : 'No rating', selected: n === (info.rating ?? 0) })),
    )
  );
  const editable = options.canEdit;
  for (const el of [title, description, rating]) el.disabled = !editable;
  const save = h('button', { type: 'submit', class: 'primary', text: 'Save', hidden: !editable });
  const form = h('form', { class: 'edit' }, h('label', {}, 'Title', title), h('label', {}, 'Description', description), h('label', {}, 'Rating', rating), save);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await call(Api.Photo, 'edit', { id: item.id, title: title.value, description: description.value, rating: rating.value });
      announce('');
      options.onChange();
    } catch (err) {
      announce(err);
    }
  });
  return form;
}

function tagList(item, data, options) {
  const tags = data.tags ?? [];
  const list = h(
    'ul',
    { class: 'chips' },
    tags.map((t) =>
      h(
        'li',
        {},
        h('span', { text: t.name }),
        options.canEdit &&
          h('button', {
            type: 'button',
            class: 'quiet',
            'aria-label': `Remove tag ${t.name}`,
            text: '×',
            onclick: async () => {
              try {
                await call(Api.PhotoTag, 'delete', { id: item.id, item_tag_id: t.item_tag_id });
                list.querySelector(`[data-tag="${CSS.escape(t.item_tag_id)}"]`)?.remove();
              } catch (e) {
                announce(e);
              }
            },
          }),
      ),
    ),
  );
  tags.forEach((t, i) => list.children[i]?.setAttribute('data-tag', t.item_tag_id));
  if (!options.canEdit) return list;
  const input = /** @type {HTMLInputElement} */ (h('input', { name: 'tag', 'aria-label': 'New tag', placeholder: 'Add a tag' }));
  const form = h('form', { class: 'inline' }, input, h('button', { type: 'submit', text: 'Add tag' }));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const name = input.value.trim();
    if (!name) return;
    try {
      const known = (await call(Api.Tag, 'list', { type: 'desc', offset: 0, limit: -1 })).tags ?? [];
      const tag = known.find((t) => t.name === name) ?? (await call(Api.Tag, 'create', { name, type: 'desc' }));
      await call(Api.PhotoTag, 'desc_tag', { id: item.id, tag_id: tag.id });
      list.append(h('li', {}, h('span', { text: name })));
      input.value = '';
    } catch (err) {
      // 468: the item already has that tag (Photo Station's answer); it is listed already.
      if (err instanceof ApiError && err.code === 468) input.value = '';
      else announce(err);
    }
  });
  return h('div', {}, list, form);
}

function comments(item, data) {
  const list = h('ul', { class: 'comments' }, (data.comments ?? []).map(commentItem));
  const text = /** @type {HTMLTextAreaElement} */ (h('textarea', { name: 'comment', rows: '2', 'aria-label': 'Comment', required: true }));
  const form = h('form', { class: 'comment-form' }, text, h('button', { type: 'submit', text: 'Add comment' }));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await call(Api.Comment, 'create', { id: item.id, name: state.user?.username ?? '', comment: text.value });
      list.append(commentItem({ name: state.user?.username ?? '', comment: text.value, date: 'now' }));
      text.value = '';
    } catch (err) {
      announce(err);
    }
  });
  return h('div', {}, list, form);
}

function commentItem(c) {
  return h('li', {}, h('div', { class: 'comment-head' }, h('strong', { text: c.name }), ' ', h('span', { class: 'muted', text: c.date })), h('p', { text: c.comment }));
}

function formatBytes(n) {
  if (typeof n !== 'number') return '?';
  const units = ['B', 'KB', 'MB', 'GB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n.toFixed(i ? 1 : 0)} ${units[i]}`;
}

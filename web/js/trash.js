import { Api, call } from './api.js';
import { h } from './dom.js';
import { confirmAction } from './dialogs.js';
import { announce } from './state.js';

/** The trash (SPEC §11): what was deleted or overwritten, each with a Restore button. */
export async function trashView(main, hooks) {
  const body = h('tbody');
  const empty = h('button', {
    type: 'button',
    class: 'danger',
    text: 'Empty trash',
    onclick: async () => {
      // For good: nothing comes back from an emptied trash.
      if (!(await confirmAction('Empty the trash? What is in it is deleted for good.', 'Empty trash'))) return;
      try {
        await call(Api.Trash, 'empty', {});
        await load();
      } catch (e) {
        announce(e);
      }
    },
  });
  const table = h(
    'table',
    { class: 'table' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['Name', 'Original place', 'Kind', 'Deleted', 'Why', ''].map((t) => h('th', { scope: 'col', text: t })),
      ),
    ),
    body,
  );
  const note = h('p', { class: 'muted' });
  main.replaceChildren(
    h(
      'div',
      { class: 'view page' },
      h('div', { class: 'toolbar' }, h('div', { class: 'title-row' }, h('h1', { text: 'Trash' })), h('div', { class: 'actions' }, empty)),
      note,
      table,
    ),
  );

  async function load() {
    let items;
    try {
      items = (await call(Api.Trash, 'list', { offset: 0, limit: 1000 })).items;
    } catch (e) {
      announce(e);
      return;
    }
    note.textContent = items.length ? '' : 'The trash is empty.';
    body.replaceChildren(
      ...items.map((entry) => {
        const name = entry.path.split('/').pop();
        const restore = h('button', {
          type: 'button',
          text: 'Restore',
          onclick: async () => {
            restore.disabled = true;
            try {
              await call(Api.Trash, 'restore', { id: String(entry.id) });
              await load();
              hooks.onAlbumsChanged();
            } catch (e) {
              announce(e);
              restore.disabled = false;
            }
          },
        });
        const when = new Date(entry.deleted_at > 1e11 ? entry.deleted_at : entry.deleted_at * 1000).toLocaleString();
        return h(
          'tr',
          {},
          h('th', { scope: 'row', text: name }),
          h('td', { text: entry.path }),
          h('td', { text: entry.type }),
          h('td', { text: when }),
          h('td', { text: entry.reason === 'overwrite' ? 'Replaced' : 'Deleted' }),
          h('td', {}, restore),
        );
      }),
    );
  }
  await load();
  return { destroy() {} };
}

import { Api, call } from './api.js';
import { h } from './dom.js';
import { allAlbums } from './tree.js';
import { announce } from './state.js';

/** Administration: users (User API), groups (Group API, where the server has it) and album rights. */
export async function adminView(main) {
  const users = h('section', { 'aria-label': 'Users' });
  const groups = h('section', { 'aria-label': 'Groups' });
  const rights = h('section', { 'aria-label': 'Album rights' });
  main.replaceChildren(
    h('div', { class: 'view page' }, h('div', { class: 'toolbar' }, h('div', { class: 'title-row' }, h('h1', { text: 'Administration' }))), users, groups, rights),
  );
  await Promise.all([userSection(users), groupSection(groups), rightsSection(rights)]);
  return { destroy() {} };
}

const guard =
  (fn) =>
  async (...args) => {
    try {
      await fn(...args);
    } catch (e) {
      announce(e);
    }
  };

async function userSection(box) {
  const body = h('tbody');
  const load = guard(async () => {
    const { users } = await call(Api.User, 'list');
    body.replaceChildren(
      ...users.map((u) => {
        const admin = h('input', {
          type: 'checkbox',
          'aria-label': `${u.username} is an administrator`,
          checked: !!u.is_admin,
          onchange: guard(async () => {
            await call(Api.User, 'edit', { username: u.username, is_admin: admin.checked });
          }),
        });
        const disabled = h('input', {
          type: 'checkbox',
          'aria-label': `${u.username} is disabled`,
          checked: !!u.disabled,
          onchange: guard(async () => {
            await call(Api.User, 'edit', { username: u.username, disabled: disabled.checked });
          }),
        });
        const remove = h('button', {
          type: 'button',
          class: 'danger quiet',
          text: 'Delete user',
          'aria-label': `Delete user ${u.username}`,
          onclick: guard(async () => {
            await call(Api.User, 'delete', { username: u.username });
            await load();
          }),
        });
        return h('tr', {}, h('th', { scope: 'row', text: u.username }), h('td', {}, admin), h('td', {}, disabled), h('td', {}, remove));
      }),
    );
  });
  const name = /** @type {HTMLInputElement} */ (h('input', { name: 'username', required: true, maxlength: '64' }));
  const password = /** @type {HTMLInputElement} */ (h('input', { name: 'password', type: 'password', required: true, autocomplete: 'new-password' }));
  const isAdmin = /** @type {HTMLInputElement} */ (h('input', { name: 'is_admin', type: 'checkbox' }));
  const form = h(
    'form',
    { class: 'inline' },
    h('label', {}, 'New user name ', name),
    h('label', {}, 'New user password ', password),
    h('label', { class: 'check' }, isAdmin, ' Administrator'),
    h('button', { type: 'submit', text: 'Create user' }),
  );
  form.addEventListener(
    'submit',
    guard(async (e) => {
      e.preventDefault();
      await call(Api.User, 'create', { username: name.value, password: password.value, is_admin: isAdmin.checked });
      name.value = password.value = '';
      isAdmin.checked = false;
      await load();
    }),
  );
  box.append(
    h('h2', { text: 'Users' }),
    h(
      'table',
      { class: 'table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['User', 'Administrator', 'Disabled', ''].map((t) => h('th', { scope: 'col', text: t })),
        ),
      ),
      body,
    ),
    form,
  );
  await load();
}

async function groupSection(box) {
  let answer;
  try {
    answer = await call(Api.Group, 'list', { offset: 0, limit: -1 });
  } catch {
    // A server without the Group API: no section.
    box.remove();
    return;
  }
  const list = h('ul', { class: 'plain' });
  const reload = async () => render((await call(Api.Group, 'list', { offset: 0, limit: -1 })).groups ?? []);
  const render = async (groups) => {
    const [{ users }, details] = await Promise.all([call(Api.User, 'list'), Promise.all(groups.map((g) => call(Api.Group, 'get', { id: g.id })))]);
    list.replaceChildren(
      ...details.map((g) =>
        groupRow(
          g,
          users.map((u) => u.username),
          reload,
        ),
      ),
    );
  };
  const name = /** @type {HTMLInputElement} */ (h('input', { name: 'group', required: true }));
  const form = h('form', { class: 'inline' }, h('label', {}, 'New group name ', name), h('button', { type: 'submit', text: 'Create group' }));
  form.addEventListener(
    'submit',
    guard(async (e) => {
      e.preventDefault();
      await call(Api.Group, 'create', { name: name.value });
      name.value = '';
      await reload();
    }),
  );
  box.append(h('h2', { text: 'Groups' }), list, form);
  await guard(render)(answer.groups ?? []);
}

/**
 * One group: its members, each with a button that takes them out, and a list of the other users
 * to add (Group.editmember).
 * @param {{id: string, name: string, members: string[]}} g @param {string[]} usernames @param {() => Promise<void>} reload
 */
function groupRow(g, usernames, reload) {
  const edit = (change) =>
    guard(async () => {
      await call(Api.Group, 'editmember', { id: g.id, ...change });
      await reload();
    });
  const members = (g.members ?? []).map((m) =>
    h('li', {}, h('span', { text: m }), h('button', { type: 'button', class: 'quiet', 'aria-label': `Remove ${m} from ${g.name}`, text: '×', onclick: edit({ remove: [m] }) })),
  );
  const others = usernames.filter((u) => !(g.members ?? []).includes(u));
  const pick = /** @type {HTMLSelectElement} */ (
    h(
      'select',
      { 'aria-label': `New member of ${g.name}` },
      others.map((u) => h('option', { value: u, text: u })),
    )
  );
  const add = h('button', {
    type: 'button',
    text: 'Add member',
    'aria-label': `Add member to ${g.name}`,
    disabled: others.length === 0,
    onclick: () => {
      if (pick.value) void edit({ add: [pick.value] })();
    },
  });
  const remove = h('button', {
    type: 'button',
    class: 'danger quiet',
    'aria-label': `Delete group ${g.name}`,
    text: 'Delete group',
    onclick: guard(async () => {
      await call(Api.Group, 'delete', { id: g.id });
      await reload();
    }),
  });
  return h(
    'li',
    { role: 'group', 'aria-label': `Group ${g.name}` },
    h(
      'div',
      { class: 'members' },
      h('span', { class: 'group-name', text: g.name }),
      h('ul', { class: 'chips', 'aria-label': `Members of ${g.name}` }, members.length ? members : h('li', { class: 'muted', text: 'No members' })),
      pick,
      add,
      remove,
    ),
  );
}

async function rightsSection(box) {
  const albums = await allAlbums().catch((e) => {
    announce(e);
    return [];
  });
  const select = /** @type {HTMLSelectElement} */ (
    h(
      'select',
      { name: 'album', 'aria-label': 'Album' },
      albums.map((a) => h('option', { value: a.id, text: `${'  '.repeat(a.depth)}${a.title}` })),
    )
  );
  const body = h('tbody');
  const load = guard(async () => {
    const { items } = await call(Api.Permission, 'list', { id: select.value });
    body.replaceChildren(
      ...items.map((r) => {
        const box = (right) => {
          const input = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', 'aria-label': `${r.username} may ${right}`, checked: !!r[right], disabled: !!r.is_admin }));
          input.addEventListener(
            'change',
            guard(async () => {
              await call(Api.Permission, 'edit', { id: select.value, username: r.username, [right]: input.checked });
              await load();
            }),
          );
          return h('td', {}, input);
        };
        return h('tr', {}, h('th', { scope: 'row', text: r.username + (r.is_admin ? ' (administrator)' : '') }), box('browse'), box('upload'), box('manage'));
      }),
    );
  });
  select.addEventListener('change', load);
  box.append(
    h('h2', { text: 'Album rights' }),
    h('div', { class: 'inline' }, h('span', { 'aria-hidden': 'true', text: 'Album' }), select),
    h(
      'table',
      { class: 'table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['User', 'Browse', 'Upload', 'Manage'].map((t) => h('th', { scope: 'col', text: t })),
        ),
      ),
      body,
    ),
  );
  await load();
}

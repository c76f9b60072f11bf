import { Api, ApiError, call, pageUrl } from './api.js';
import { albumId, albumPath, clear, h, label } from './dom.js';
import { announce, passwordFor } from './state.js';

/**
 * The album tree of the sidebar: links named by the albums' titles, children loaded when a node
 * opens. Nodes along the current album's path open by themselves.
 */
export class AlbumTree {
  /** @param {HTMLElement} nav */
  constructor(nav) {
    this.nav = nav;
    /** @type {Set<string>} album ids whose children are shown */
    this.open = new Set(['']);
    this.current = '';
    this.list = h('ul', { class: 'tree-root' });
    clear(nav).append(this.list);
  }

  /** Marks `id` as the current album and opens its ancestors. */
  async show(id) {
    this.current = id;
    const path = albumPath(id);
    const parts = path ? path.split('/') : [];
    for (let i = 1; i < parts.length; i++) this.open.add(albumId(parts.slice(0, i).join('/')));
    await this.render();
  }

  async render() {
    const root = h('li', {}, this.link({ id: '', info: { title: 'All photos' } }));
    root.append(await this.children(''));
    this.list.replaceChildren(root);
  }

  link(album) {
    const href = pageUrl(album.id ? `/photo/album/${album.id}` : '/photo/');
    return h('a', { href, class: 'tree-link', 'aria-current': album.id === this.current ? 'page' : null, text: label(album) });
  }

  /** @returns {Promise<HTMLElement>} */
  async children(id) {
    const ul = h('ul');
    let albums;
    try {
      albums = (await call(Api.Album, 'list', { id, type: 'album', offset: 0, limit: -1, sort_by: 'filename', password: passwordFor(id) })).items;
    } catch (e) {
      // A password album not opened yet keeps its children to itself: nothing to say.
      if (!(e instanceof ApiError && e.code === 416)) announce(e);
      return ul;
    }
    for (const album of albums) {
      const isOpen = this.open.has(album.id);
      const toggle = h('button', {
        class: 'twisty',
        type: 'button',
        'aria-expanded': String(isOpen),
        'aria-label': `${isOpen ? 'Collapse' : 'Expand'} ${label(album)}`,
        onclick: async () => {
          if (this.open.has(album.id)) this.open.delete(album.id);
          else this.open.add(album.id);
          await this.render();
        },
      });
      const li = h('li', {}, toggle, this.link(album));
      if (isOpen) li.append(await this.children(album.id));
      ul.append(li);
    }
    return ul;
  }
}

/**
 * Every album, depth first, with its depth: for the destination dialog and the rights page.
 * Stops at `max` albums (a library with more is navigated through the tree instead).
 * @returns {Promise<Array<{id: string, title: string, path: string, depth: number}>>}
 */
export async function allAlbums(max = 2000) {
  const out = [{ id: '', title: 'All photos (top level)', path: '', depth: 0 }];
  const walk = async (id, depth) => {
    let items;
    try {
      ({ items } = await call(Api.Album, 'list', { id, type: 'album', offset: 0, limit: -1, sort_by: 'filename', password: passwordFor(id) }));
    } catch (e) {
      // A shut password album is listed, its children are not.
      if (id && e instanceof ApiError && e.code === 416) return;
      throw e;
    }
    for (const a of items) {
      if (out.length >= max) return;
      out.push({ id: a.id, title: label(a), path: a.info.sharepath ?? albumPath(a.id), depth });
      await walk(a.id, depth + 1);
    }
  };
  await walk('', 1);
  return out;
}

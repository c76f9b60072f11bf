import { upload } from './api.js';
import { h } from './dom.js';
import { announce } from './state.js';

const PARALLEL = 2;

/**
 * Uploads files into the album at `destPath`, each with its own progress bar in the Uploads
 * panel, two at a time. `onUploaded` runs after each file that arrived.
 * @param {File[]} files @param {string} destPath @param {() => void} onUploaded
 */
export async function uploadFiles(files, destPath, onUploaded) {
  const panel = /** @type {HTMLElement} */ (document.getElementById('uploads'));
  panel.hidden = false;
  if (!panel.firstChild)
    panel.append(
      h('h2', { text: 'Uploads' }),
      h('ul'),
      h('button', {
        type: 'button',
        class: 'quiet',
        text: 'Close',
        onclick: () => {
          panel.hidden = true;
          panel.replaceChildren();
        },
      }),
    );
  const list = /** @type {HTMLElement} */ (panel.querySelector('ul'));
  const jobs = files.map((file) => {
    const bar = /** @type {HTMLProgressElement} */ (h('progress', { max: 100, value: 0, 'aria-label': `Upload ${file.name}` }));
    const status = h('span', { class: 'upload-status', text: 'Waiting' });
    list.append(h('li', {}, h('span', { class: 'upload-name', text: file.name }), bar, status));
    return { file, bar, status };
  });
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = /** @type {typeof jobs[number]} */ (jobs[next++]);
      job.status.textContent = 'Uploading';
      try {
        await upload(job.file, destPath, (f) => {
          job.bar.value = Math.round(f * 100);
        });
        job.bar.value = 100;
        job.status.textContent = 'Done';
        onUploaded();
      } catch (e) {
        job.status.textContent = 'Failed';
        announce(`${job.file.name}: ${e instanceof Error ? e.message : e}`);
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
}

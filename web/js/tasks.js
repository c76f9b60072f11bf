import { Api, call } from './api.js';
import { h, sleep } from './dom.js';
import { announce } from './state.js';

const RUNNING = new Set(['queued', 'processing']);

/**
 * Follows a Batch task (SPEC §12) in the Tasks panel: a progress bar fed by the task's own
 * progress and a Cancel button that stops it (BackgroundTask.stop). Answers the final task.
 * @param {string} taskid @param {string} what e.g. "Move" @param {string} description
 */
export async function followTask(taskid, what, description) {
  const panel = /** @type {HTMLElement} */ (document.getElementById('tasks'));
  const fill = h('div', { class: 'bar-fill' });
  const bar = h('div', { class: 'bar', role: 'progressbar', 'aria-label': `${what} progress`, 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0' }, fill);
  const status = h('span', { class: 'task-status', text: 'Waiting…' });
  const cancel = h('button', { type: 'button', text: 'Cancel' });
  const close = h('button', { type: 'button', class: 'quiet', text: 'Close', hidden: true, onclick: () => box.remove() });
  const box = h(
    'div',
    { class: 'task', role: 'group', 'aria-label': `${what} task` },
    h('div', { class: 'task-title', text: description }),
    bar,
    h('div', { class: 'task-foot' }, status, cancel, close),
  );
  panel.append(box);
  cancel.addEventListener('click', async () => {
    cancel.disabled = true;
    try {
      await call(Api.Task, 'stop', { taskid });
    } catch (e) {
      announce(e);
      cancel.disabled = false;
    }
  });
  let task;
  for (;;) {
    try {
      task = (await call(Api.Task, 'status', { taskid, limit: 0 })).task;
    } catch (e) {
      announce(e);
      break;
    }
    const percent = Math.round(task.progress * 100);
    bar.setAttribute('aria-valuenow', String(percent));
    fill.style.width = `${percent}%`;
    status.textContent = `${task.processed} of ${task.total}`;
    if (!RUNNING.has(task.status)) break;
    await sleep(250);
  }
  cancel.hidden = true;
  close.hidden = false;
  if (task) {
    const words = { done: task.result === 200 ? 'Done' : 'Done, some items not', cancelled: 'Cancelled', rejected: 'Rejected: too many tasks', failed: 'Failed' };
    status.textContent = `${words[task.status] ?? task.status}: ${task.processed} of ${task.total}`;
    box.dataset.status = task.status;
  }
  return task;
}
